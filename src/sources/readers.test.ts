import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { TracemillError } from "../core/errors.js";
import { conversationReader } from "./conversations/conversation-reader.js";
import { desktopSessionReader } from "./desktop/desktop-session-reader.js";
import { devtraceChunkReader } from "./devtrace/devtrace-chunk-reader.js";
import { describeReaderConformance } from "./reader.conformance.js";
import { loadReader, readerFor, readerNamed, sourceReaders } from "./readers.js";
import { robotStudyReader } from "./robot/robot-study-reader.js";
import { webSessionReader } from "./web/web-session-reader.js";

const repo = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

/** Replaces line `line` (1-based) of a text file. */
async function replaceLine(file: string, line: number, text: string): Promise<void> {
  const lines = (await readFile(file, "utf8")).split("\n");
  lines[line - 1] = text;
  await writeFile(file, lines.join("\n"));
}

describeReaderConformance("desktop", {
  reader: desktopSessionReader,
  kind: "screen",
  sample: repo("test/fixtures/samples/screen-desktop"),
  traces: 1,
  async breakCopy(copy) {
    const file = join(copy, "20250817_232256", "input_log.jsonl");
    await replaceLine(file, 5, '{"event": "mousemove", "data": {');
    return { path: copy, file, line: 5 };
  },
});

describeReaderConformance("web", {
  reader: webSessionReader,
  kind: "screen",
  sample: repo("test/fixtures/samples/screen-web"),
  traces: 1,
  async breakCopy(copy) {
    const file = join(copy, "6792a2a124f444f0e39ce887.events.json");
    const text = await readFile(file, "utf8");
    await writeFile(file, text.replace('"timestamp": 1737663140618', '"timestamp": "soon"'));
    return { path: copy, file: "6792a2a124f444f0e39ce887.events.json", line: 23 };
  },
});

describeReaderConformance("devtrace", {
  reader: devtraceChunkReader,
  kind: "devtrace",
  sample: repo("examples/devtrace/one-line-fix"),
  traces: 1,
  async breakCopy(copy) {
    const file = join(copy, "chunks", "chunk_01.json");
    const chunk = JSON.parse(await readFile(file, "utf8")) as { events: { exit_code?: unknown }[] };
    const command = chunk.events.find((event) => event.exit_code !== undefined);
    if (command) command.exit_code = "one";
    await writeFile(file, JSON.stringify(chunk, null, 2));
    return { path: copy, file };
  },
});

describeReaderConformance("conversations", {
  reader: conversationReader,
  kind: "conversation",
  sample: repo("examples/insights/conversations.jsonl"),
  traces: 60,
  async breakCopy(copy) {
    await replaceLine(copy, 3, '{"conversation_id": "ex-00003", "messages": [');
    return { path: copy, file: copy, line: 3 };
  },
});

describeReaderConformance("robot", {
  reader: robotStudyReader,
  kind: "robot",
  sample: repo("examples/robot/study"),
  traces: 2,
  async breakCopy(copy) {
    const file = join(copy, "audio_recordings_010120260930", "trajectory_0_0.srt");
    await replaceLine(file, 6, "00:00:01,500 --> soon");
    return { path: copy, file, line: 6 };
  },
});

describe("the reader registry", () => {
  it("holds one reader for each of the five kinds of input", () => {
    expect(sourceReaders.map((reader) => reader.name).sort()).toEqual([
      "conversations",
      "desktop",
      "devtrace",
      "robot",
      "web",
    ]);
  });

  it("finds a reader by name or format and refuses an unknown one", () => {
    expect(readerNamed("web").name).toBe(webSessionReader.name);
    expect(readerNamed("desktop-session").name).toBe(desktopSessionReader.name);
    expect(() => readerNamed("fax")).toThrow(TracemillError);
  });

  it("names each reader as the reader itself does (the registry loads a reader on first use)", async () => {
    const real = [
      robotStudyReader,
      devtraceChunkReader,
      desktopSessionReader,
      webSessionReader,
      conversationReader,
    ];
    for (const entry of sourceReaders) {
      const loaded = await loadReader(entry.name);
      expect(real).toContain(loaded);
      expect({
        name: entry.name,
        format: entry.format,
        kind: entry.kind,
        sessions: entry.listSessions !== undefined,
      }).toEqual({
        name: loaded.name,
        format: loaded.format,
        kind: loaded.kind,
        sessions: loaded.listSessions !== undefined,
      });
    }
  });

  it("reads and lists through a registry entry exactly as through the reader", async () => {
    const sample = repo("test/fixtures/samples/screen-desktop");
    const entry = await readerFor(sample);
    expect(entry.name).toBe("desktop");
    expect(await entry.listSessions?.(sample)).toEqual(
      await desktopSessionReader.listSessions(sample),
    );
    const [viaEntry, direct] = await Promise.all([
      entry.read(sample),
      desktopSessionReader.read(sample),
    ]);
    expect(viaEntry.traces.map((trace) => trace.id)).toEqual(
      direct.traces.map((trace) => trace.id),
    );
    expect(viaEntry.traces.length).toBeGreaterThan(0);
  });

  it("is how the screen pipeline reads and lists sessions: no switch on the format", async () => {
    for (const file of ["process-session.ts", "process-sessions.ts"]) {
      const code = await readFile(repo(`src/pipelines/screen/${file}`), "utf8");
      expect(code).toContain("readerNamed(options.format)");
      expect(code).not.toMatch(
        /\b(readDesktopSession|readWebSession|listDesktopSessions|listWebSessions)\(/,
      );
      expect(code).not.toMatch(/options\.format === "desktop"/);
    }
  });

  it("says no reader understands a file of another kind", async () => {
    await expect(readerFor(repo("package.json"))).rejects.toMatchObject({
      code: "input_invalid",
    });
  });
});
