import { appendFile, readFile, writeFile } from "node:fs/promises";
import type { LossRecord } from "./loss-plot.js";

/** `<out>/losses.jsonl`: one line per logged point `{iteration, split, terms}`, appended as training goes. */
export const lossesFileName = "losses.jsonl";

export async function appendLossRecord(path: string, record: LossRecord): Promise<void> {
  await appendFile(path, `${JSON.stringify(record)}\n`);
}

/** Records already logged; a torn last line (killed run) is ignored. */
export async function readLossRecords(path: string): Promise<LossRecord[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    return [];
  }
  const records: LossRecord[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    try {
      records.push(JSON.parse(line) as LossRecord);
    } catch {
      // Only a killed run's last line can be torn; it is rewritten on resume.
    }
  }
  return records;
}

/** On resume: keep only what the checkpoint had seen, so the file matches an uninterrupted run. */
export async function truncateLossRecords(path: string, iteration: number): Promise<void> {
  const kept = (await readLossRecords(path)).filter((record) => record.iteration <= iteration);
  await writeFile(path, kept.map((record) => `${JSON.stringify(record)}\n`).join(""));
}
