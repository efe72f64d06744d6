import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../test-support/run-cli.js";
import { stepsForObservation } from "./session-view.js";
import { buildViewerServer } from "./viewer-server.js";

/**
 * The viewer's API without a browser, over small hand-made folders: access rules (token, Host),
 * bad input as clear 4xx answers or warnings (never a 500), and the privacy filter of insights.
 */
let root: string;
let runsDir: string;
let dataDir: string;
let webDir: string;

const json = (value: unknown) => `${JSON.stringify(value)}\n`;
const jsonl = (rows: unknown[]) => rows.map((row) => JSON.stringify(row)).join("\n");

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "tracemill-viewer-api-"));
  runsDir = join(root, "runs");
  dataDir = join(root, "data");
  webDir = join(root, "web");
  await mkdir(webDir, { recursive: true });
  await writeFile(join(webDir, "index.html"), "<html><head></head><body>app</body></html>");
  // A session whose scores.json is broken: the view still opens, with a warning naming the file.
  const session = join(dataDir, "out", "s1");
  await mkdir(join(session, "frames"), { recursive: true });
  await writeFile(
    join(session, "trace.json"),
    json({
      id: "trace_1",
      task: { title: "Open settings" },
      steps: [
        { index: 0, t: 0, actor: "human", kind: "action", action: { type: "click", x: 1, y: 2 } },
        { index: 1, t: 1, actor: "human", kind: "action", action: { type: "type", text: "hi" } },
      ],
    }),
  );
  await writeFile(join(session, "results.json"), "[]\n");
  await writeFile(join(session, "scores.json"), '{"score": 80,\n  "components": oops}\n');
  await writeFile(join(session, "frames", "a.jpg"), Buffer.from([0xff, 0xd8, 0xff]));
  await writeFile(join(root, "secret.jpg"), Buffer.from([1, 2, 3]));
  // An insights run: cluster 1 is hidden by the gates.
  const insights = join(runsDir, "insights-1");
  await mkdir(join(insights, "viz"), { recursive: true });
  await writeFile(
    join(insights, "manifest.json"),
    json({ id: "insights-1", command: "insights", stages: {} }),
  );
  await writeFile(
    join(insights, "labeled_clusters_privacy_filtered.json"),
    json({
      hidden: 1,
      clusters: [
        {
          cluster_id: 0,
          level: 0,
          name: "Travel plans",
          description: "Trips",
          conversation_count: 12,
        },
      ],
    }),
  );
  await writeFile(
    join(insights, "privacy_audit.json"),
    json({
      gates: { clusters: 2, kept: 1, dropped: 1, reasons: { too_few_conversations: 1 } },
      clusters: [
        { cluster_id: 0, kept: true, rating: 5, findings: [] },
        { cluster_id: 1, kept: false, reasons: ["too_few_conversations: 2 < 10"], findings: [] },
      ],
      samples: { raw_conversations: { examples: [{ id: "c9", findings: ["email: a@b.c"] }] } },
    }),
  );
  await writeFile(
    join(insights, "viz", "map_points.jsonl"),
    jsonl([
      { conversation_id: "c1", x: 0, y: 0, cluster_id: 0 },
      { conversation_id: "c2", x: 1, y: 1, cluster_id: 1 },
    ]),
  );
  await writeFile(
    join(insights, "base_assignments.jsonl"),
    jsonl([
      { conversation_id: "c1", cluster_id: 0 },
      { conversation_id: "c2", cluster_id: 1 },
    ]),
  );
  await writeFile(
    join(insights, "facets.jsonl"),
    jsonl([
      { conversation_id: "c1", summary: "Plan a trip to Rome" },
      { conversation_id: "c2", summary: "My rare medical condition" },
    ]),
  );
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function server(options: { token?: string; allowedHosts?: string[] } = {}) {
  return buildViewerServer({ runsDir, dataDir, webDir, ...options });
}

describe("viewer API", () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await server();
  });
  afterAll(async () => {
    await app.close();
  });

  it("serves the app at / and lists what it found", async () => {
    expect((await app.inject("/")).body).toContain("app");
    const overview = (await app.inject("/api/overview")).json();
    expect(overview.counts).toMatchObject({ sessions: 1, insights: 1, runs: 0 });
  });

  it("a broken scores.json is a warning naming file and line, not a 500", async () => {
    const response = await app.inject(`/api/session?key=${encodeURIComponent("data:out/s1")}`);
    expect(response.statusCode).toBe(200);
    const view = response.json();
    expect(view.steps).toHaveLength(2);
    expect(view.grade).toBeUndefined();
    expect(view.warnings.join("\n")).toMatch(/scores\.json: line 2/);
  });

  it("unknown keys, missing parameters and paths outside a session are clear 4xx answers", async () => {
    const unknown = await app.inject("/api/session?key=data:nope");
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.message).toContain('no session "data:nope"');
    const missing = await app.inject("/api/session");
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toContain("key");
    const key = encodeURIComponent("data:out/s1");
    expect((await app.inject(`/api/frame?key=${key}&path=frames/a.jpg`)).statusCode).toBe(200);
    const outside = await app.inject(
      `/api/frame?key=${key}&path=${encodeURIComponent("../../../secret.jpg")}`,
    );
    expect(outside.statusCode).toBe(404);
    expect((await app.inject("/api/run?id=..%2Fx")).statusCode).toBe(400);
  });

  it("insights carry only shown clusters: no hidden name, point, member summary or raw example", async () => {
    const response = await app.inject(`/api/insight?key=${encodeURIComponent("runs:insights-1")}`);
    const view = response.json();
    expect(view.clusters.map((cluster: { name: string }) => cluster.name)).toEqual([
      "Travel plans",
    ]);
    expect(view.map).toMatchObject({ x: [0], y: [0], cluster: ["0"], hiddenPoints: 1 });
    expect(view.privacy).toMatchObject({
      kept: 1,
      hidden: 1,
      hiddenReasons: { too_few_conversations: 1 },
    });
    expect(response.body).not.toContain("a@b.c");
    expect(response.body).not.toContain("c9");
    const members = await app.inject(
      `/api/insight/members?key=${encodeURIComponent("runs:insights-1")}&cluster=0`,
    );
    expect(members.json().members).toEqual([{ summary: "Plan a trip to Rome" }]);
    const hidden = await app.inject(
      `/api/insight/members?key=${encodeURIComponent("runs:insights-1")}&cluster=1`,
    );
    expect(hidden.statusCode).toBe(404);
    expect(hidden.body).not.toContain("medical");
  });
});

describe("viewer access", () => {
  it("with a token, every request needs it; the page URL's ?token= sets a cookie", async () => {
    const app = await server({ token: "0123456789abcdef-token" });
    try {
      expect((await app.inject("/api/overview")).statusCode).toBe(401);
      expect((await app.inject("/")).statusCode).toBe(401);
      const page = await app.inject("/?token=0123456789abcdef-token");
      expect(page.statusCode).toBe(200);
      const cookie = String(page.headers["set-cookie"]).split(";")[0] ?? "";
      expect((await app.inject({ url: "/api/overview", headers: { cookie } })).statusCode).toBe(
        200,
      );
      const bearer = { authorization: "Bearer 0123456789abcdef-token" };
      expect((await app.inject({ url: "/api/overview", headers: bearer })).statusCode).toBe(200);
      const wrong = { authorization: "Bearer 0123456789abcdef-tokex" };
      expect((await app.inject({ url: "/api/overview", headers: wrong })).statusCode).toBe(401);
    } finally {
      await app.close();
    }
  });

  it("on loopback, a request naming another Host (DNS rebinding) is refused", async () => {
    const app = await server({ allowedHosts: ["127.0.0.1", "localhost", "::1"] });
    try {
      const evil = await app.inject({
        url: "/api/overview",
        headers: { host: "evil.example:4000" },
      });
      expect(evil.statusCode).toBe(403);
      const good = await app.inject({ url: "/api/overview", headers: { host: "localhost:4000" } });
      expect(good.statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe("tracemill view binding", () => {
  it("refuses to bind beyond loopback without a token, naming the fix", async () => {
    const result = await runCli(["view", "--host", "0.0.0.0", "--port", "0"], { cwd: root });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("--token");
    expect(result.stderr).not.toContain("internal");
  });
});

describe("observation links", () => {
  const steps = [
    {
      index: 0,
      t: 0,
      actor: "h",
      kind: "action",
      type: "click",
      label: "",
      target: 'AXButton "Save"',
    },
    { index: 1, t: 1, actor: "h", kind: "action", type: "drag", label: "" },
    {
      index: 2,
      t: 2,
      actor: "h",
      kind: "action",
      type: "type",
      label: "",
      text: "ada@example.com",
    },
  ];
  it("links named steps, quoted texts and named action types, and nothing else", () => {
    expect(stepsForObservation("Repeated at steps 0 and 2", steps)).toEqual([0, 2]);
    expect(stepsForObservation('Typed "ada@example.com" early', steps)).toEqual([2]);
    expect(stepsForObservation("No evidence for: Drag the slider", steps)).toEqual([1]);
    expect(stepsForObservation("Efficiency 100/100", steps)).toEqual([]);
    expect(stepsForObservation("see step 99", steps)).toEqual([]);
  });
});
