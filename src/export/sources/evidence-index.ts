import { type FileHandle, open } from "node:fs/promises";
import { relative } from "node:path";
import type { ExportSourceWarning } from "../types.js";
import { parseJsonObject, readJsonlObjects } from "./jsonl-lines.js";
import { toPosix, walkFiles } from "./walk-files.js";

/**
 * The seed's evidence records, indexed by `run_id`. The index keeps only where each line is
 * (file, line, byte range), not its text, so a million evidence records cost a few dozen bytes
 * each; a lookup reads the one line back with a positioned read.
 */
const maxOpenFiles = 32;

export interface EvidenceLocation {
  file: string;
  line: number;
  offset: number;
  length: number;
}

export interface EvidenceRecord {
  fields: Record<string, unknown>;
  /** Path relative to the folder being exported. */
  file: string;
  line: number;
}

export class EvidenceIndex {
  private readonly locations = new Map<string, EvidenceLocation>();
  private readonly handles = new Map<string, FileHandle>();

  private constructor(private readonly root: string) {}

  /** Reads every evidence file once; a run_id seen twice keeps its first record (sorted file order). */
  static async build(
    root: string,
    evidenceDir: string,
    onWarning: (warning: ExportSourceWarning) => void,
  ): Promise<EvidenceIndex> {
    const index = new EvidenceIndex(root);
    for await (const file of walkFiles(evidenceDir, ".jsonl")) {
      const shown = toPosix(relative(root, file));
      for await (const line of readJsonlObjects(file, shown, onWarning)) {
        const runId = line.value.run_id;
        if (typeof runId !== "string" || runId === "") {
          onWarning({
            code: "missing_run_id",
            message: "evidence has no run_id",
            file: shown,
            line: line.line,
          });
          continue;
        }
        if (index.locations.has(runId)) {
          const message = `evidence run_id ${runId} seen before: the first one is kept`;
          onWarning({ code: "duplicate_evidence", message, file: shown, line: line.line });
          continue;
        }
        index.locations.set(runId, {
          file,
          line: line.line,
          offset: line.offset,
          length: line.length,
        });
      }
    }
    return index;
  }

  get size(): number {
    return this.locations.size;
  }

  async get(runId: string): Promise<EvidenceRecord | undefined> {
    const location = this.locations.get(runId);
    if (!location) return undefined;
    let handle = this.handles.get(location.file);
    if (!handle) {
      // Scored runs mostly follow evidence in date order, so a few open files serve most lookups.
      if (this.handles.size >= maxOpenFiles) await this.closeOldest();
      handle = await open(location.file, "r");
      this.handles.set(location.file, handle);
    }
    const buffer = Buffer.alloc(location.length);
    await handle.read(buffer, 0, location.length, location.offset);
    const parsed = parseJsonObject(buffer.toString("utf8"));
    // The line parsed when indexed; failing now means the file changed under us.
    if ("error" in parsed) return undefined;
    return {
      fields: parsed.value,
      file: toPosix(relative(this.root, location.file)),
      line: location.line,
    };
  }

  private async closeOldest(): Promise<void> {
    const [oldest] = this.handles.entries();
    if (!oldest) return;
    this.handles.delete(oldest[0]);
    await oldest[1].close();
  }

  async close(): Promise<void> {
    const handles = [...this.handles.values()];
    this.handles.clear();
    await Promise.all(handles.map((handle) => handle.close()));
  }
}
