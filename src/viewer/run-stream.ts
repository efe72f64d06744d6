import { open, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { inspectRun } from "../runs/list-runs.js";
import { type RunRow, toRunRow } from "./runs-view.js";
import { requiredParam } from "./viewer-guard.js";

/** Server-sent events over a run's events.jsonl: `run` (its row) when the manifest changes, `events` for new lines. */
export function registerRunStream(app: FastifyInstance, runsDir: string, pollMs: number): void {
  app.get("/api/run/stream", async (request, reply) => {
    const id = requiredParam(request, "id");
    const run = await inspectRun(runsDir, id);
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
          const latest = await inspectRun(runsDir, id).catch(() => undefined);
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
