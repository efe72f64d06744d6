import { join } from "node:path";
import type { ExportTarget, QuarantineReason, QuarantineRecord } from "../types.js";
import { type LineSink, openJsonlWriter } from "./jsonl-writer.js";

/**
 * `<out>/quarantine/<exporter>.jsonl`: one canonical JSON line per refused input, and the counts
 * per reason that the receipt and the summary print. A record with several reasons counts once
 * under each.
 */
export interface QuarantineWriter {
  readonly path: string;
  readonly records: number;
  readonly byReason: Partial<Record<QuarantineReason, number>>;
  write(record: QuarantineRecord): Promise<void>;
  close(): Promise<void>;
  abort(): Promise<void>;
}

export function quarantinePath(out: string, exporter: ExportTarget): string {
  return join(out, "quarantine", `${exporter}.jsonl`);
}

export async function openQuarantineWriter(
  out: string,
  exporter: ExportTarget,
  dryRun: boolean,
): Promise<QuarantineWriter> {
  const sink: LineSink = await openJsonlWriter(quarantinePath(out, exporter), dryRun);
  const byReason: Partial<Record<QuarantineReason, number>> = {};
  return {
    path: sink.path,
    get records() {
      return sink.rows;
    },
    byReason,
    async write(record) {
      for (const reason of new Set(record.reasons)) byReason[reason] = (byReason[reason] ?? 0) + 1;
      await sink.writeObject(record);
    },
    close: () => sink.close(),
    abort: () => sink.abort(),
  };
}
