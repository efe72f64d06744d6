import { timingSafeEqual } from "node:crypto";
import { open, readFile, realpath, stat } from "node:fs/promises";
import { extname, join, resolve, sep } from "node:path";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { TracemillError } from "../core/errors.js";
import { inspectRun } from "../runs/list-runs.js";
import { buildCatalog, type CatalogItem, type ItemKind } from "./catalog.js";
import { datasetSummary, datasetView } from "./dataset-view.js";
import { devtraceSummary, devtraceView } from "./devtrace-view.js";
import { clusterMembers, insightsSummary, insightsView } from "./insights-view.js";
import { robotEpisodeView, trainingView } from "./robot-view.js";
import { type RunRow, runDetail, runRows, toRunRow } from "./runs-view.js";
import { sessionSummary, sessionView, sftImage } from "./session-view.js";

/**
 * `tracemill view`: a JSON API over the runs folder and a data folder, and the built web app
 * (dist/web). Everything sent is a view model made on the server (src/viewer/*-view.ts), so
 * what a page can see is decided here: insights only ever carry privacy-filtered clusters.
 */
export interface ViewerOptions {
  runsDir: string;
  dataDir?: string;
  /** The built web app (index.html and assets/). */
  webDir: string;
  /** Required on every request when set (bearer header, cookie, or ?token= on the page URL). */
  token?: string;
  /** Verifies devtrace hash chains when given. */
  hmacKey?: string;
  /** Hosts the Host header may name (DNS-rebinding guard); undefined accepts any. */
  allowedHosts?: string[];
  /** How often a live stream looks for new events (ms). */
  pollMs?: number;
}

const cookieName = "tracemill_view";
const imageTypes: Record<string, string> = {
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".png": "image/png",
  ".webp": "image/webp",
  ".gif": "image/gif",
};
const assetTypes: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
};

export interface ViewerData {
  catalog(): Promise<CatalogItem[]>;
  find(kind: ItemKind, key: string): Promise<CatalogItem>;
}

/** The catalog, rebuilt at most once a second (a run may be writing new outputs). */
export function createViewerData(options: { runsDir: string; dataDir?: string }): ViewerData {
  let cached: { at: number; items: Promise<CatalogItem[]> } | undefined;
  const catalog = () => {
    if (cached === undefined || Date.now() - cached.at > 1000) {
      cached = {
        at: Date.now(),
        items: buildCatalog({
          runsDir: options.runsDir,
          ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
        }),
      };
    }
    return cached.items;
  };
  return {
    catalog,
    async find(kind, key) {
      const item = (await catalog()).find((each) => each.kind === kind && each.key === key);
      if (item === undefined) throw new TracemillError("not_found", `no ${kind} "${key}"`);
      return item;
    },
  };
}

/** Every API answer the app can ask for, by path; the static report calls the same functions. */
export function createApi(options: ViewerOptions, data: ViewerData) {
  const ofKind = async (kind: ItemKind) =>
    (await data.catalog()).filter((item) => item.kind === kind);
  return {
    overview: async () => {
      const items = await data.catalog();
      const count = (kind: ItemKind) => items.filter((item) => item.kind === kind).length;
      return {
        runsDir: options.runsDir,
        dataDir: options.dataDir ?? null,
        counts: {
          runs: (await runRows(options.runsDir)).length,
          sessions: count("session"),
          insights: count("insights"),
          datasets: count("dataset"),
          devtraces: count("devtrace"),
          robot: count("robot-episode") + count("robot-training"),
        },
      };
    },
    runs: async () => ({ runs: await runRows(options.runsDir) }),
    run: async (id: string) => runDetail(options.runsDir, id, await data.catalog()),
    sessions: async () => ({
      sessions: await Promise.all(
        (await ofKind("session")).map((item) => sessionSummary(item.key, item.path)),
      ),
    }),
    session: async (key: string) => {
      const item = await data.find("session", key);
      return sessionView(item.key, item.path);
    },
    insightsList: async () => ({
      insights: await Promise.all(
        (await ofKind("insights")).map((item) => insightsSummary(item.key, item.path)),
      ),
    }),
    insights: async (key: string) => {
      const item = await data.find("insights", key);
      return insightsView(item.key, item.path);
    },
    members: async (key: string, cluster: string) => {
      const item = await data.find("insights", key);
      return clusterMembers(item.path, cluster);
    },
    datasets: async () => ({
      datasets: await Promise.all(
        (await ofKind("dataset")).map((item) => datasetSummary(item.key, item.path, item.name)),
      ),
    }),
    dataset: async (key: string) => {
      const item = await data.find("dataset", key);
      return datasetView(item.key, item.path, item.name);
    },
    devtraces: async () => ({
      devtraces: await Promise.all(
        (await ofKind("devtrace")).map((item) => devtraceSummary(item.key, item.path)),
      ),
    }),
    devtrace: async (key: string) => {
      const item = await data.find("devtrace", key);
      return devtraceView(item.key, item.path, options.hmacKey);
    },
    robot: async () => ({
      episodes: (await ofKind("robot-episode")).map(({ key, name }) => ({ key, name })),
      trainings: (await ofKind("robot-training")).map(({ key, name }) => ({ key, name })),
    }),
    episode: async (key: string) => {
      const item = await data.find("robot-episode", key);
      return robotEpisodeView(item.key, item.path, item.name);
    },
    training: async (key: string) => {
      const item = await data.find("robot-training", key);
      return trainingView(item.key, item.path, item.name);
    },
    /** A frame of a session: a path inside the session folder, images only. */
    frame: async (key: string, path: string) => {
      const item = await data.find("session", key);
      return readInside(item.path, path);
    },
    sftImage: async (key: string, index: number) => {
      const item = await data.find("session", key);
      return sftImage(item.path, index);
    },
  };
}

export type ViewerApi = ReturnType<typeof createApi>;

/** Reads an image file that really lies inside `root` (after resolving links). */
export async function readInside(
  root: string,
  path: string,
): Promise<{ bytes: Buffer; mimeType: string }> {
  const mimeType = imageTypes[extname(path).toLowerCase()];
  if (mimeType === undefined || path.includes("\0")) {
    throw new TracemillError("not_found", `not an image: ${path}`);
  }
  let real: string;
  let base: string;
  try {
    base = await realpath(root);
    real = await realpath(resolve(root, path));
  } catch {
    throw new TracemillError("not_found", `no file ${path}`);
  }
  if (!real.startsWith(base + sep)) throw new TracemillError("not_found", `no file ${path}`);
  return { bytes: await readFile(real), mimeType };
}

const statusOf: Partial<Record<string, number>> = {
  input_invalid: 400,
  config_invalid: 400,
  not_found: 404,
  unauthorized: 401,
  forbidden: 403,
  conflict: 409,
};

export async function buildViewerServer(options: ViewerOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  const data = createViewerData(options);
  const api = createApi(options, data);
  const pollMs = options.pollMs ?? 250;

  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof TracemillError) {
      void reply.code(statusOf[error.code] ?? 500).send({ error: error.toJSON() });
      return;
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status !== undefined && status < 500) {
      void reply
        .code(status)
        .send({ error: { code: "input_invalid", message: (error as Error).message } });
      return;
    }
    void reply.code(500).send({ error: { code: "internal", message: "the viewer failed" } });
  });

  app.addHook("onRequest", async (request, reply) => {
    if (options.allowedHosts !== undefined) {
      const host = (request.headers.host ?? "").replace(/:\d+$/, "").replace(/^\[|\]$/g, "");
      if (!options.allowedHosts.includes(host)) {
        return reply.code(403).send({ error: { code: "forbidden", message: "unknown Host" } });
      }
    }
    if (options.token === undefined) return;
    const given = tokenOf(request);
    if (given !== undefined && sameToken(given, options.token)) {
      if (request.url.startsWith("/?") || request.url === "/") {
        reply.header(
          "set-cookie",
          `${cookieName}=${options.token}; HttpOnly; SameSite=Strict; Path=/`,
        );
      }
      return;
    }
    return reply
      .code(401)
      .send({ error: { code: "unauthorized", message: "this viewer needs its token (?token=…)" } });
  });

  const key = (request: FastifyRequest): string => {
    const value = (request.query as Record<string, unknown>).key;
    if (typeof value !== "string" || value.length === 0) {
      throw new TracemillError("input_invalid", "query parameter key is required");
    }
    return value;
  };
  const sendBytes = (reply: FastifyReply, file: { bytes: Buffer; mimeType: string }) =>
    reply
      .header("content-type", file.mimeType)
      .header("cache-control", "max-age=3600")
      .send(file.bytes);

  app.get("/api/overview", () => api.overview());
  app.get("/api/runs", () => api.runs());
  app.get("/api/run", (request) => api.run(requiredParam(request, "id")));
  app.get("/api/sessions", () => api.sessions());
  app.get("/api/session", (request) => api.session(key(request)));
  app.get("/api/insights", () => api.insightsList());
  app.get("/api/insight", (request) => api.insights(key(request)));
  app.get("/api/insight/members", (request) =>
    api.members(key(request), requiredParam(request, "cluster")),
  );
  app.get("/api/datasets", () => api.datasets());
  app.get("/api/dataset", (request) => api.dataset(key(request)));
  app.get("/api/devtraces", () => api.devtraces());
  app.get("/api/devtrace", (request) => api.devtrace(key(request)));
  app.get("/api/robot", () => api.robot());
  app.get("/api/robot/episode", (request) => api.episode(key(request)));
  app.get("/api/robot/training", (request) => api.training(key(request)));
  app.get("/api/frame", async (request, reply) =>
    sendBytes(reply, await api.frame(key(request), requiredParam(request, "path"))),
  );
  app.get("/api/sft-image", async (request, reply) => {
    const index = Number(requiredParam(request, "n"));
    if (!Number.isSafeInteger(index) || index < 0) {
      throw new TracemillError("input_invalid", "n must be a whole number ≥ 0");
    }
    return sendBytes(reply, await api.sftImage(key(request), index));
  });

  /** Server-sent events over a run's events.jsonl: `run` (its row) when the manifest changes, `events` for new lines. */
  app.get("/api/run/stream", async (request, reply) => {
    const id = requiredParam(request, "id");
    const run = await inspectRun(options.runsDir, id);
    reply.hijack();
    const out = reply.raw;
    out.writeHead(200, {
      "content-type": "text/event-stream",
      "cache-control": "no-cache",
      connection: "keep-alive",
    });
    const send = (event: string, payload: unknown) => {
      out.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
    };
    const eventsPath = join(run.dir, "events.jsonl");
    // Stage progress from the events (the manifest is rewritten only every so many items).
    const progress = new Map<string, { itemsDone: number; status?: string }>();
    const count = (lines: unknown[]) => {
      for (const line of lines) {
        const event = line as { type?: unknown; stage?: unknown };
        if (typeof event.stage !== "string") continue;
        const stage = progress.get(event.stage) ?? { itemsDone: 0 };
        if (event.type === "item-done") stage.itemsDone++;
        if (event.type === "stage-start") stage.status = "running";
        if (event.type === "stage-end") stage.status = "completed";
        progress.set(event.stage, stage);
      }
    };
    const withProgress = (row: RunRow): RunRow => ({
      ...row,
      stages: [
        ...row.stages.map((stage) => {
          const seen = progress.get(stage.name);
          return seen === undefined
            ? stage
            : {
                ...stage,
                itemsDone: Math.max(stage.itemsDone, seen.itemsDone),
                status: stage.status === "pending" && seen.status ? seen.status : stage.status,
              };
        }),
        ...[...progress.entries()]
          .filter(([name]) => !row.stages.some((stage) => stage.name === name))
          .map(([name, seen]) => ({
            name,
            status: seen.status ?? "running",
            itemsDone: seen.itemsDone,
          })),
      ],
    });
    const initial = await readFile(eventsPath, "utf8").catch(() => "");
    const complete = initial.slice(0, initial.lastIndexOf("\n") + 1);
    count(parseLines(complete));
    let offset = Buffer.byteLength(complete);
    send("run", withProgress(toRunRow(run)));
    let manifestStamp = "";
    let busy = false;
    let closed = false;
    const tick = async () => {
      if (busy || closed) return;
      busy = true;
      try {
        const size = (await stat(eventsPath).catch(() => ({ size: offset }))).size;
        if (size > offset) {
          const handle = await open(eventsPath, "r");
          try {
            const buffer = Buffer.alloc(size - offset);
            await handle.read(buffer, 0, buffer.length, offset);
            const text = buffer.toString("utf8");
            const end = text.lastIndexOf("\n");
            if (end >= 0) {
              offset += Buffer.byteLength(text.slice(0, end + 1));
              const lines = parseLines(text.slice(0, end));
              count(lines);
              if (lines.length > 0) send("events", lines);
            }
          } finally {
            await handle.close();
          }
        }
        const manifest = await stat(join(run.dir, "manifest.json")).catch(() => undefined);
        const stamp = `${manifest?.mtimeMs ?? 0}:${size}`;
        if (stamp !== manifestStamp) {
          manifestStamp = stamp;
          const latest = await inspectRun(options.runsDir, id).catch(() => undefined);
          if (latest !== undefined) send("run", withProgress(toRunRow(latest)));
        }
      } finally {
        busy = false;
      }
    };
    const timer = setInterval(() => void tick().catch(() => undefined), pollMs);
    const heartbeat = setInterval(() => out.write(": keep-alive\n\n"), 15_000);
    request.raw.on("close", () => {
      closed = true;
      clearInterval(timer);
      clearInterval(heartbeat);
    });
  });

  app.get("/", async (_request, reply) => sendIndex(reply, options.webDir));
  app.get("/assets/:name", async (request, reply) => {
    const name = (request.params as { name: string }).name;
    const type = assetTypes[extname(name)];
    if (!/^[A-Za-z0-9._-]+$/.test(name) || type === undefined) {
      throw new TracemillError("not_found", `no asset ${name}`);
    }
    const bytes = await readFile(join(options.webDir, "assets", name)).catch(() => {
      throw new TracemillError("not_found", `no asset ${name}`);
    });
    return reply
      .header("content-type", type)
      .header("cache-control", "max-age=31536000")
      .send(bytes);
  });
  return app;
}

async function sendIndex(reply: FastifyReply, webDir: string) {
  const html = await readFile(join(webDir, "index.html"), "utf8").catch(() => {
    throw new TracemillError(
      "not_found",
      `the viewer app is not built (${join(webDir, "index.html")} is missing): run npm run build`,
    );
  });
  return reply.header("content-type", "text/html; charset=utf-8").send(html);
}

function parseLines(text: string): unknown[] {
  return text
    .split("\n")
    .filter((line) => line.trim().length > 0)
    .map((line) => {
      try {
        return JSON.parse(line) as unknown;
      } catch {
        return { type: "unreadable", line: line.slice(0, 200) };
      }
    });
}

function requiredParam(request: FastifyRequest, name: string): string {
  const value = (request.query as Record<string, unknown>)[name];
  if (typeof value !== "string" || value.length === 0) {
    throw new TracemillError("input_invalid", `query parameter ${name} is required`);
  }
  return value;
}

function tokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith("Bearer ")) return header.slice(7);
  const query = (request.query as Record<string, unknown> | undefined)?.token;
  if (typeof query === "string") return query;
  const cookie = request.headers.cookie
    ?.split(";")
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${cookieName}=`));
  return cookie?.slice(cookieName.length + 1);
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
