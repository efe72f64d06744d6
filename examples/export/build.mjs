// Builds examples/export/data: the seed's evidence/scored-runs layout with several graded
// attempts per task, so every exporter (SFT, RAG and preference pairs) has work to do.
// Deterministic: rerunning writes the same bytes. Run: node examples/export/build.mjs
import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const day = "2026/11/01";
const sha = (text) => createHash("sha256").update(text).digest("hex");

const tasks = [
  {
    id: "fix-multiply",
    prompt: "The calculator's multiply(a, b) returns a + b. Fix it and keep the tests green.",
    files: ["calculator.py", "test_calculator.py"],
    attempts: [
      [
        "accepted",
        "In calculator.py, multiply returned a + b. I changed it to return a * b and ran pytest: test_multiply now passes and the other 11 tests still pass.",
      ],
      [
        "partially_accepted",
        "Changed multiply in calculator.py to use a loop that adds a to itself b times. test_multiply passes, but negative b is not handled.",
      ],
      [
        "rejected",
        "Rewrote helpers.py and config.yaml to change how numbers are parsed; did not run the tests.",
      ],
    ],
  },
  {
    id: "slow-report",
    prompt: "The monthly report query takes 40 s. Find why and make it fast.",
    files: ["report.sql", "schema.sql"],
    attempts: [
      [
        "accepted",
        "EXPLAIN showed a sequential scan on orders in report.sql. Adding an index on orders(customer_id, created_at) in schema.sql brought the query from 40 s to 0.3 s with the same rows.",
      ],
      ["rejected", "Increased the statement timeout to 120 s so the report no longer fails."],
    ],
  },
  {
    id: "flaky-upload",
    prompt: "The upload test fails one run in five. Make it reliable.",
    files: ["upload.ts", "upload.test.ts"],
    attempts: [
      [
        "accepted",
        "upload.test.ts raced the server's readiness; the test now awaits the listen promise in upload.ts before the first request. 200 runs in a row pass.",
      ],
      [
        "partially_accepted",
        "Added a retry around the first request in upload.test.ts; the test passes 50 runs in a row, but the race in upload.ts is still there.",
      ],
      [
        "needs_human_review",
        "Marked the upload test as skipped in CI until someone can look at it.",
      ],
    ],
  },
];

const evidence = [];
const scored = [];
let line = 0;
for (const task of tasks) {
  task.attempts.forEach(([category, text], attempt) => {
    const runId = `run-${task.id}-${attempt + 1}`;
    evidence.push({
      run_id: runId,
      task_id: task.id,
      prompt: task.prompt,
      text,
      model_role: "solver",
      model_name: attempt === 0 ? "model-a" : "model-b",
      source_files: task.files,
      timestamp: `2026-11-01T10:${String(10 + line).padStart(2, "0")}:00Z`,
    });
    scored.push({
      evidence_run_id: runId,
      category,
      provenance: {
        source_file: `sessions/${task.id}.jsonl`,
        line_offset: attempt,
        sig_hash: sha(`${runId}\n${text}`),
      },
    });
    line++;
  });
}
// Two records the firewall must hold back: no evidence to prove it, and a made-up category.
scored.push({
  evidence_run_id: "run-missing",
  category: "accepted",
  provenance: { source_file: "sessions/missing.jsonl", line_offset: 0, sig_hash: sha("missing") },
});
scored.push({
  evidence_run_id: "run-fix-multiply-1",
  category: "great",
  provenance: {
    source_file: "sessions/fix-multiply.jsonl",
    line_offset: 9,
    sig_hash: sha("great"),
  },
});

const jsonl = (rows) => `${rows.map((row) => JSON.stringify(row)).join("\n")}\n`;
for (const [folder, rows] of [
  ["evidence", evidence],
  ["scored-runs", scored],
]) {
  const path = join(here, "data", folder, day, `${folder}.jsonl`);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, jsonl(rows));
}
console.log(
  `wrote ${evidence.length} evidence and ${scored.length} scored runs under ${join(here, "data")}`,
);
