import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { TracemillError } from "../core/errors.js";
import { inspectRun } from "../runs/list-runs.js";
import { createApi, createViewerData, type ViewerApi } from "./viewer-api.js";

/**
 * `tracemill view --static <run> --out report.html`: the app and the API answers for one run's
 * views in one HTML file. The page reads `window.__TRACEMILL_STATIC__` (path → answer) instead of
 * fetching, and frames are data: URLs, so the file opens offline from anywhere.
 */
export interface StaticReportOptions {
  runsDir: string;
  dataDir?: string;
  webDir: string;
  runId: string;
  hmacKey?: string;
  db?: string;
  blobs?: string;
}

export async function buildStaticReport(
  options: StaticReportOptions,
): Promise<{ html: string; paths: string[] }> {
  const run = await inspectRun(options.runsDir, options.runId);
  const data = createViewerData(options);
  const api = createApi({ ...options }, data);
  try {
    const answers: Record<string, unknown> = {};
    const detail = await api.run(run.id);
    answers[`/api/run?id=${encodeURIComponent(run.id)}`] = detail;
    answers["/api/runs"] = { runs: [detail] };
    // The demo run stands for everything the demo wrote; other runs show what they linked to.
    const everything = run.command === "demo";
    const wanted = everything
      ? (await data.catalog()).map(({ kind, key }) => ({ kind, key }))
      : detail.links;
    const has = (kind: string) => wanted.filter((item) => item.kind === kind);
    answers["/api/overview"] = {
      ...(await api.overview()),
      counts: {
        runs: 1,
        sessions: has("session").length,
        insights: has("insights").length,
        datasets: has("dataset").length,
        devtraces: has("devtrace").length,
        robot: has("robot-episode").length + has("robot-training").length,
      },
      static: run.id,
    };
    await addList(answers, "/api/sessions", "sessions", api.sessions, has("session"));
    await addList(answers, "/api/insights", "insights", api.insightsList, has("insights"));
    await addList(answers, "/api/datasets", "datasets", api.datasets, has("dataset"));
    await addList(answers, "/api/devtraces", "devtraces", api.devtraces, has("devtrace"));
    const robot = await api.robot();
    const robotKeys = new Set(
      [...has("robot-episode"), ...has("robot-training")].map((i) => i.key),
    );
    answers["/api/robot"] = {
      episodes: robot.episodes.filter((each) => robotKeys.has(each.key)),
      trainings: robot.trainings.filter((each) => robotKeys.has(each.key)),
    };
    for (const { key } of has("session")) {
      const session = await api.session(key);
      answers[`/api/session?key=${encodeURIComponent(key)}`] = session;
      for (const step of session.steps) {
        if (step.frame === undefined) continue;
        const path = `/api/frame?key=${encodeURIComponent(key)}&path=${encodeURIComponent(step.frame)}`;
        if (answers[path] !== undefined) continue;
        const frame = await api.frame(key, step.frame).catch(() => undefined);
        if (frame !== undefined) answers[path] = dataUrl(frame);
      }
      for (const [index, message] of session.messages.entries()) {
        if (message.image === undefined) continue;
        const image = await api.sftImage(key, message.image).catch(() => undefined);
        if (image !== undefined) {
          answers[`/api/sft-image?key=${encodeURIComponent(key)}&n=${index}`] = dataUrl(image);
        }
      }
    }
    for (const { key } of has("insights")) {
      const view = await api.insights(key);
      answers[`/api/insight?key=${encodeURIComponent(key)}`] = view;
      for (const cluster of view.clusters.filter((each) => each.level === 0)) {
        answers[
          `/api/insight/members?key=${encodeURIComponent(key)}&cluster=${encodeURIComponent(cluster.id)}`
        ] = await api.members(key, cluster.id);
      }
    }
    for (const { key } of has("dataset")) {
      answers[`/api/dataset?key=${encodeURIComponent(key)}`] = await api.dataset(key);
    }
    for (const { key } of has("devtrace")) {
      answers[`/api/devtrace?key=${encodeURIComponent(key)}`] = await api.devtrace(key);
    }
    for (const { key } of has("robot-episode")) {
      answers[`/api/robot/episode?key=${encodeURIComponent(key)}`] = await api.episode(key);
    }
    for (const { key } of has("robot-training")) {
      answers[`/api/robot/training?key=${encodeURIComponent(key)}`] = await api.training(key);
    }
    return { html: await inlineApp(options.webDir, answers), paths: Object.keys(answers) };
  } finally {
    await data.close();
  }
}

async function addList(
  answers: Record<string, unknown>,
  path: string,
  field: string,
  list: ViewerApi[keyof ViewerApi],
  wanted: { key: string }[],
): Promise<void> {
  const keys = new Set(wanted.map((item) => item.key));
  const all = (await (list as () => Promise<Record<string, { key: string }[]>>)())[field] ?? [];
  answers[path] = { [field]: all.filter((item) => keys.has(item.key)) };
}

function dataUrl(file: { bytes: Buffer; mimeType: string }): string {
  return `data:${file.mimeType};base64,${file.bytes.toString("base64")}`;
}

/** index.html with its script and styles inlined and the answers embedded as JSON. */
async function inlineApp(webDir: string, answers: Record<string, unknown>): Promise<string> {
  const html = await readFile(join(webDir, "index.html"), "utf8").catch(() => {
    throw new TracemillError(
      "not_found",
      `the viewer app is not built (${join(webDir, "index.html")} is missing): run npm run build`,
    );
  });
  const assets = await readdir(join(webDir, "assets")).catch(() => [] as string[]);
  let out = html;
  for (const name of assets) {
    const text = await readFile(join(webDir, "assets", name), "utf8");
    if (name.endsWith(".js")) {
      out = out.replace(
        new RegExp(`<script[^>]*src="[^"]*assets/${escapeRegex(name)}"[^>]*></script>`),
        () => `<script type="module">${text.replaceAll("</script", "<\\/script")}</script>`,
      );
    } else if (name.endsWith(".css")) {
      out = out.replace(
        new RegExp(`<link[^>]*href="[^"]*assets/${escapeRegex(name)}"[^>]*>`),
        () => `<style>${text}</style>`,
      );
    }
  }
  const json = JSON.stringify(answers).replaceAll("<", "\\u003c");
  return out.replace(
    "</head>",
    () => `<script>window.__TRACEMILL_STATIC__=${json};</script></head>`,
  );
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
