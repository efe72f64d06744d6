import { readFile } from "node:fs/promises";
import { extname, join } from "node:path";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { TracemillError } from "../core/errors.js";
import { registerRunStream } from "./run-stream.js";
import { createApi, createViewerData } from "./viewer-api.js";
import { guardViewer, requiredParam } from "./viewer-guard.js";
import type { ViewerOptions } from "./viewer-options.js";

export type { ViewerApi, ViewerData } from "./viewer-api.js";
export { createApi, createViewerData } from "./viewer-api.js";
export type { ViewerOptions } from "./viewer-options.js";

/**
 * The viewer's HTTP server: the JSON API (viewer-api.ts), the run event stream (run-stream.ts),
 * the guards (viewer-guard.ts) and the built app's files.
 */
const assetTypes: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
};

export async function buildViewerServer(options: ViewerOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  const data = createViewerData(options);
  const api = createApi(options, data);
  guardViewer(app, options);
  app.addHook("onClose", async () => data.close());

  const key = (request: FastifyRequest): string => requiredParam(request, "key");
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
  app.get("/api/robot/frame", async (request, reply) => {
    const step = Number(requiredParam(request, "step"));
    if (!Number.isSafeInteger(step) || step < 0) {
      throw new TracemillError("input_invalid", "step must be a whole number ≥ 0");
    }
    return sendBytes(reply, await api.episodeFrame(key(request), step));
  });
  app.get("/api/sft-image", async (request, reply) => {
    const index = Number(requiredParam(request, "n"));
    if (!Number.isSafeInteger(index) || index < 0) {
      throw new TracemillError("input_invalid", "n must be a whole number ≥ 0");
    }
    return sendBytes(reply, await api.sftImage(key(request), index));
  });
  registerRunStream(app, options.runsDir, options.pollMs ?? 250);

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
