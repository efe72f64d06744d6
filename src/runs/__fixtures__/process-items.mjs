// Test fixture: a small deterministic pipeline over the BUILT run library, so tests can kill -9 it.
// usage: node process-items.mjs <runsDir> <input>... [--resume <id|latest>] [--delay <ms>] [--stop-after <n>]
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { openRun } from "../../../dist/runs/index.js";

const args = process.argv.slice(2);
const flag = (name) => {
  const index = args.indexOf(name);
  if (index === -1) return undefined;
  const [value] = args.splice(index, 2).slice(1);
  return value;
};
const resume = flag("--resume");
const delayMs = Number(flag("--delay") ?? "0");
const stopAfter = Number(flag("--stop-after") ?? "0");
const [runsDir, ...inputs] = args;
const itemCount = 200;

const run = await openRun({
  runsDir,
  command: "fixture-items",
  inputs,
  config: { itemCount, salt: "tracemill" },
  toolVersion: "0.0.0-fixture",
  ...(resume ? { resume } : {}),
});
const contents = await Promise.all(inputs.map((path) => readFile(path, "utf8")));
const hash = await run.stage("hash");
let processed = 0;
for (let index = 0; index < itemCount; index += 1) {
  const key = `item-${String(index).padStart(3, "0")}`;
  if (hash.isDone(key)) continue;
  if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
  const digest = createHash("sha256").update(`${contents.join("\n")}#${index}`).digest("hex");
  await hash.appendItem(key, { index, digest, label: `line ${index} of ${itemCount}` });
  processed += 1;
  run.addMetrics({ counts: { hashed: 1 } });
  // Leaves the lock and a running manifest behind, as a crash would.
  if (stopAfter > 0 && processed >= stopAfter) process.exit(3);
}
await hash.complete();
const summary = await run.stage("summary");
if (!summary.isDone("total")) await summary.appendItem("total", { items: hash.done().size });
await summary.complete();
await run.finish("completed");
process.stdout.write(`${JSON.stringify({ id: run.id, processed })}\n`);
