import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const src = fileURLToPath(new URL("../", import.meta.url));

/** The functions beneath the pipeline entries: a command or a demo calls the entry instead. */
const beneath = [
  "processScreenSessions",
  "exportDevtraces",
  "runInsights",
  "correctEpisodes",
  "runTrainPipeline",
  "runEvaluatePipeline",
  "correctAndTrain",
  "runExport",
];

function callers(files: string[]): string[] {
  const call = new RegExp(`\\b(${beneath.join("|")})\\s*\\(`);
  return files.filter((file) => call.test(readFileSync(join(src, file), "utf8")));
}

function sourcesIn(folder: string, pattern = /\.ts$/): string[] {
  return readdirSync(join(src, folder))
    .filter((name) => pattern.test(name) && !name.endsWith(".test.ts"))
    .map((name) => `${folder}/${name}`);
}

describe("every command and demo calls its pipeline's entry", () => {
  it("no command, demo or pipeline demo calls a function beneath an entry", () => {
    const files = [
      ...sourcesIn("cli/commands"),
      ...sourcesIn("demo"),
      ...["screen", "devtrace"].flatMap((kind) => sourcesIn(`pipelines/${kind}`, /-demo\.ts$/)),
    ];
    expect(files).toContain("cli/commands/train.ts");
    expect(files).toContain("pipelines/devtrace/devtrace-demo.ts");
    expect(callers(files)).toEqual([]);
  });
});
