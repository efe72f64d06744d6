import { join } from "node:path";
import type { ExportReceipt } from "../receipt.js";
import { readReceipt } from "../receipt.js";
import type { ExporterName } from "../types.js";
import { openAtomicFile } from "./atomic-file.js";

const exporterOrder: ExporterName[] = ["sft", "rag", "preference"];

/** Markdown summary of the latest receipt of each exporter; built only from receipts, so it is deterministic. */
export function renderLatestSummary(receipts: readonly ExportReceipt[]): string {
  const lines = ["# Latest export", ""];
  if (receipts.length === 0) lines.push("No export has run yet.", "");
  for (const receipt of receipts) {
    const { counts } = receipt;
    lines.push(
      `## ${receipt.exporter}`,
      "",
      `- format: ${receipt.format}, source: ${receipt.source}, tool ${receipt.toolVersion}`,
      `- records in: ${counts.in} = written ${counts.written ?? counts.out} + quarantined ${counts.quarantined} + skipped ${counts.skipped ?? 0}; rows out: ${counts.out}`,
      `- validation: ${receipt.validation.passed ? "passed" : `FAILED (${receipt.validation.errors.length} errors)`}`,
      `- outputs: ${describeOutputs(receipt)}`,
    );
    const reasons = Object.entries(counts.byReason).sort(([a], [b]) => (a < b ? -1 : 1));
    if (reasons.length > 0) {
      lines.push("", "| reason | records |", "| --- | ---: |");
      for (const [reason, count] of reasons) lines.push(`| ${reason} | ${count} |`);
    }
    const skipped = Object.entries(counts.skippedByReason ?? {}).sort(([a], [b]) =>
      a < b ? -1 : 1,
    );
    if (skipped.length > 0) {
      lines.push("", "| skipped because | records |", "| --- | ---: |");
      for (const [reason, count] of skipped) lines.push(`| ${reason} | ${count} |`);
    }
    lines.push("");
  }
  return lines.join("\n");
}

/** Image files are named by hash and can number thousands; the summary counts them instead. */
function describeOutputs(receipt: ExportReceipt): string {
  const images = receipt.outputs.filter((output) =>
    /\/images\/[0-9a-f]{64}\.jpg$/.test(output.path),
  );
  const files = receipt.outputs
    .filter((output) => !images.includes(output))
    .map((output) => output.path);
  if (images.length > 0)
    files.push(`${images.length} image file(s) in ${receipt.exporter}/images/`);
  return files.join(", ") || "none";
}

/** Rewrites `<out>/latest.md` from every exporter's receipt, including those of earlier runs. */
export async function writeLatestSummary(out: string): Promise<string> {
  const receipts: ExportReceipt[] = [];
  for (const exporter of exporterOrder) {
    const receipt = await readReceipt(out, exporter);
    if (receipt) receipts.push(receipt);
  }
  const file = await openAtomicFile(join(out, "latest.md"));
  await file.write(renderLatestSummary(receipts));
  await file.commit();
  return file.path;
}
