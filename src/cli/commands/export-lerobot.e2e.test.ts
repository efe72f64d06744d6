import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readStudy } from "../../sources/robot/read-study.js";
import { runCli } from "../../test-support/run-cli.js";

/** `tracemill export lerobot` as users run it, over the committed example study. */
const study = fileURLToPath(new URL("../../../examples/robot/study", import.meta.url));
let out: string;
beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), "tracemill-export-lerobot-"));
});
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

describe("tracemill export lerobot", () => {
  it("writes the study's episodes as a LeRobot dataset with provenance, a receipt and a quarantine file", async () => {
    const run = await runCli(["export", "lerobot", "--from", study, "--out", out, "--json"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    const { episodes } = await readStudy(study);
    expect(report.counts.in).toBe(episodes.length);
    expect(report.counts.written + report.counts.quarantined).toBe(episodes.length);
    expect(report.counts.written).toBeGreaterThan(0);
    const provenance = (await readFile(join(out, "lerobot/meta/provenance.jsonl"), "utf8"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(provenance).toHaveLength(report.counts.written);
    // The grade gate: every episode written names the grade that admitted it.
    for (const row of provenance) expect(row.provenance.gradeId).toMatch(/^grade_/);
    expect(provenance[0].provenance.sourceFile.path).toMatch(
      /^trajectory_data_\d+\/trajectory_0_\d+\.json$/,
    );
    const receipt = JSON.parse(await readFile(join(out, "lerobot/receipt.json"), "utf8"));
    expect(receipt).toMatchObject({ exporter: "lerobot", validation: { passed: true } });
    await expect(readFile(join(out, "quarantine/lerobot.jsonl"), "utf8")).resolves.toBeDefined();

    const text = await runCli(["export", "lerobot", "--from", study, "--out", out, "--dry-run"]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`lerobot: ${episodes.length} episodes in`);
  });

  it("gates on the grade: above the study's scores nothing is accepted, --include-partial admits them", async () => {
    const strict = join(out, "strict");
    const flags = ["export", "lerobot", "--from", study, "--accept-score", "95", "--json"];
    const run = await runCli([...flags, "--out", strict]);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    const { episodes } = await readStudy(study);
    expect(report.counts).toMatchObject({ in: episodes.length, written: 0 });
    expect(report.counts.byReason).toEqual({ category_disallowed: episodes.length });
    const quarantine = (await readFile(join(strict, "quarantine/lerobot.jsonl"), "utf8"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    for (const record of quarantine) {
      expect(record).toMatchObject({
        reasons: ["category_disallowed"],
        category: "partially_accepted",
      });
      expect(record.grade.score).toBeLessThan(95);
      expect(record.grade.id).toMatch(/^grade_/);
    }
    const partial = await runCli([...flags, "--out", join(out, "partial"), "--include-partial"]);
    expect(JSON.parse(partial.stdout).counts).toMatchObject({
      written: episodes.length,
      quarantined: 0,
    });
  });
  it("--judge grades every episode with the named model; an unusable answer quarantines the episode", async () => {
    const { episodes } = await readStudy(study);
    const answer = {
      scores: { task_success: 95, autonomy: 90, smoothness: 90, frame_coverage: 80, length: 100 },
      reasons: {
        task_success: "success_rate 1",
        autonomy: "few take-overs",
        smoothness: "no jumps",
        frame_coverage: "most steps framed",
        length: "long enough",
      },
      summary: "A clean episode.",
      reasoning: "The measurements support the scores.",
      confidence: 0.9,
    };
    const cwd = await mkdtemp(join(out, "judge-"));
    const script = join(cwd, "answers.json");
    const configFile = join(cwd, "tracemill.config.json");
    await writeFile(configFile, JSON.stringify({ model: { scriptPath: script, cache: false } }));
    const flags = [
      "export",
      "lerobot",
      "--from",
      study,
      "--json",
      "--judge",
      "scripted:robot-judge",
    ];

    const times = episodes.length;
    await writeFile(script, JSON.stringify({ answers: [{ value: answer, times }] }));
    const run = await runCli([...flags, "--out", join(cwd, "good")], { cwd });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    // (3*95 + 2*90 + 2*90 + 80 + 100) / 9 = 91.7: every episode accepted on the model's grade.
    expect(JSON.parse(run.stdout).counts).toMatchObject({ in: times, written: times });
    const provenance = (await readFile(join(cwd, "good/lerobot/meta/provenance.jsonl"), "utf8"))
      .trim()
      .split("\n");
    expect(provenance).toHaveLength(times);

    // Out of range twice (the door re-asks once): the first episode has no grade; the rest do.
    const broken = { ...answer, scores: { ...answer.scores, autonomy: 180 } };
    await writeFile(
      script,
      JSON.stringify({
        answers: [
          { value: broken, times: 2 },
          { value: answer, times },
        ],
      }),
    );
    const partly = await runCli([...flags, "--out", join(cwd, "broken")], { cwd });
    expect(partly.code).toBe(0);
    expect(JSON.parse(partly.stdout).counts).toMatchObject({
      in: times,
      written: times - 1,
      quarantined: 1,
      byReason: { category_disallowed: 1 },
    });
    const [record] = (await readFile(join(cwd, "broken/quarantine/lerobot.jsonl"), "utf8"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(record.errors[0]).toContain("no grade: the judge's answer was unusable");
    expect(record.grade).toBeUndefined();

    // An offline judge is the offline robot judge: the same grades as no --judge at all.
    const base = ["export", "lerobot", "--from", study, "--json"];
    await runCli([...base, "--out", join(cwd, "plain")], { cwd });
    const offline = await runCli(
      [...base, "--judge", "offline:default", "--out", join(cwd, "off")],
      {
        cwd,
      },
    );
    expect(offline.code).toBe(0);
    const provenanceOf = (dir: string) =>
      readFile(join(cwd, dir, "lerobot/meta/provenance.jsonl"), "utf8");
    expect(await provenanceOf("off")).toBe(await provenanceOf("plain"));
    expect(await provenanceOf("good")).not.toBe(await provenanceOf("plain"));

    const wrongKind = await runCli(["export", "sft", "--from", study, "--judge", "scripted:x"], {
      cwd,
    });
    expect(wrongKind.code).not.toBe(0);
    expect(wrongKind.stderr).toContain("apply to export lerobot only");
  });
});
