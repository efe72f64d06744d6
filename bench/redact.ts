import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { builtInRedactionRules, createRedactor, type Redactor } from "../src/model/redact.js";
import { tokenChange } from "../src/model/redaction-metrics.js";

/**
 * Redaction throughput and false positives (issue 17). Inputs: the clean corpus (code, prose,
 * logs and the real samples; no secrets) and a mixed text (clean lines with the planted corpus
 * spread through it), each repeated to --mb megabytes. Baseline in the same run: one plain regex
 * scan over the same text (the cost floor of any single-pattern detector). Also measured: the 20
 * rules of before issue 17, so the cost of the new detectors shows as a ratio.
 *
 *   npx tsc -p tsconfig.bench.json && node dist-bench/bench/redact.js [--mb 10] [--runs 3]
 */
function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
}

const root = join(fileURLToPath(import.meta.url), "../../..");
const megabytes = option("mb", 10);
const runs = option("runs", 3);

const earlierRules = new Set([
  "private_key",
  "database_url",
  "slack_webhook",
  "jwt",
  "anthropic_key",
  "openai_key",
  "github_token",
  "stripe_key",
  "slack_token",
  "aws_access_key_id",
  "aws_secret_access_key",
  "google_api_key",
  "npm_token",
  "huggingface_token",
  "bearer_token",
  "oauth_token",
  "credential_assignment",
  "email",
  "ip_address",
  "base64_blob",
]);

function cleanFiles(): { name: string; text: string }[] {
  const clean = join(root, "test/fixtures/privacy/clean");
  const samples = join(root, "test/fixtures/samples");
  const paths = [
    ...readdirSync(clean)
      .filter((name) => !name.startsWith("LICENSE") && name !== "README.md")
      .map((name) => join(clean, name)),
    join(samples, "screen-desktop/20250817_232256/input_log.jsonl"),
    join(samples, "screen-web/6792a2a124f444f0e39ce887.events.json"),
    ...readdirSync(join(samples, "devtrace/sample-trace-chunks")).map((name) =>
      join(samples, "devtrace/sample-trace-chunks", name),
    ),
  ];
  return paths.map((path) => ({
    name: path.slice(root.length + 1),
    text: readFileSync(path, "utf8"),
  }));
}

function repeatTo(text: string, bytes: number): string {
  return text.repeat(Math.max(1, Math.ceil(bytes / text.length))).slice(0, bytes);
}

function best(measure: () => void): number {
  let fastest = Number.POSITIVE_INFINITY;
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    measure();
    fastest = Math.min(fastest, performance.now() - started);
  }
  return fastest / 1000;
}

const planted = readFileSync(join(root, "test/fixtures/privacy/planted.jsonl"), "utf8")
  .split("\n")
  .filter((line) => line.trim() !== "")
  .map((line) => JSON.parse(line) as { kind: string; rule: string; value: string; text: string });
const files = cleanFiles();
const cleanText = files.map((file) => file.text).join("\n");
const cleanLines = cleanText.split("\n");
const mixedLines: string[] = [];
planted.forEach((entry, index) => {
  mixedLines.push(...cleanLines.slice(index * 40, index * 40 + 40), entry.text);
});
const bytes = megabytes * 1024 * 1024;
const inputs = {
  clean: repeatTo(cleanText, bytes),
  mixed: repeatTo(mixedLines.join("\n"), bytes),
};

const full = createRedactor();
const earlier = createRedactor({
  disable: builtInRedactionRules.map((rule) => rule.name).filter((name) => !earlierRules.has(name)),
});
const baselinePattern = /(?<![A-Za-z0-9])\d{3}-\d{2}-\d{4}(?![A-Za-z0-9])/g;

const rows: string[] = [];
for (const [name, text] of Object.entries(inputs)) {
  const size = text.length / 1024 / 1024;
  let baselineMatches = 0;
  const baseline = best(() => {
    baselineMatches = [...text.matchAll(baselinePattern)].length;
  });
  const timed = (redactor: Redactor) => {
    let findings = 0;
    const seconds = best(() => {
      findings = redactor
        .redactText(text)
        .findings.reduce((sum, finding) => sum + finding.count, 0);
    });
    return { seconds, findings };
  };
  const before = timed(earlier);
  const after = timed(full);
  const rate = (seconds: number) => `${(size / seconds).toFixed(1)} MB/s`;
  rows.push(
    `| ${name}, ${size.toFixed(0)} MB | ${rate(baseline)} (${baselineMatches} matches) | ${rate(before.seconds)} (${before.findings}) | ${rate(after.seconds)} (${after.findings}) | ${(after.seconds / baseline).toFixed(1)}× | ${(after.seconds / before.seconds).toFixed(2)}× |`,
  );
}

console.log(
  `rules: ${builtInRedactionRules.length} (before issue 17: ${earlierRules.size}); best of ${runs} runs`,
);
console.log(
  "| input | baseline: one regex scan | 20 earlier rules (findings) | all rules (findings) | all / baseline | all / earlier |",
);
console.log("|---|---|---|---|---|---|");
for (const row of rows) console.log(row);

let tokens = 0;
let changed = 0;
console.log("\nclean corpus, tokens changed by redaction:");
for (const file of files) {
  const change = tokenChange(file.text, full.redactText(file.text).text);
  tokens += change.tokens;
  changed += change.changed;
  console.log(`  ${file.name}: ${change.changed} of ${change.tokens}`);
}
console.log(`  total: ${changed} of ${tokens} tokens = ${((100 * changed) / tokens).toFixed(3)} %`);

const caught = planted.filter((entry) => !full.redactText(entry.text).text.includes(entry.value));
const kinds = new Set(planted.map((entry) => entry.kind));
const earlierCaught = planted.filter(
  (entry) => !earlier.redactText(entry.text).text.includes(entry.value),
);
console.log(
  `\nplanted corpus: ${kinds.size} kinds, ${planted.length} values; redacted by all rules ${caught.length}, by the 20 earlier rules ${earlierCaught.length}`,
);
