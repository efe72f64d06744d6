import { spawn } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openRun } from "../runs/open-run.js";
import { cliPath } from "../test-support/run-cli.js";

/**
 * Which modules does a CLI invocation load? The built CLI runs under a module hook (registered
 * with --import) that appends every URL the ES module loader loads to a file, and an exit hook
 * adds every CommonJS file in require's cache. The test asserts on that list, never on a time.
 */

/** Packages (or parts of them) that only some stages need; none may load for the light commands. */
const heavyPackages = [
  "@tensorflow/",
  "@energetic-ai/",
  "@electric-sql/pglite",
  "pg-boss",
  "pg",
  "fastify",
  "@fastify/",
  "sharp",
  "@img/",
  "@aws-sdk/",
  "@smithy/",
  "hyparquet",
  "hyparquet-writer",
  "openai",
  "@ffmpeg-installer/",
  "@ffprobe-installer/",
  "ml-kmeans",
  "ml-hclust",
  "umap-js",
  "cacache",
  "tar",
  "pino",
  "franc-min",
  "eld",
  "fast-xml-parser",
];

/** The package root: `import("tracemill")` resolves there through package.json's exports. */
const packageRoot = fileURLToPath(new URL("../../", import.meta.url));

let workspace: string;
let hook: string;

beforeAll(async () => {
  workspace = await mkdtemp(join(tmpdir(), "tracemill-loaded-"));
  const hooks = join(workspace, "hooks.mjs");
  await writeFile(
    hooks,
    [
      'import { appendFileSync } from "node:fs";',
      "export async function load(url, context, next) {",
      "  appendFileSync(process.env.TRACEMILL_LOADED_LOG, url + '\\n');",
      "  return next(url, context);",
      "}",
    ].join("\n"),
  );
  hook = join(workspace, "register.mjs");
  await writeFile(
    hook,
    [
      'import { appendFileSync } from "node:fs";',
      'import { createRequire, register } from "node:module";',
      `register(${JSON.stringify(pathToFileURL(hooks).href)});`,
      "const require = createRequire(import.meta.url);",
      'process.on("exit", () => {',
      "  const files = Object.keys(require.cache);",
      '  if (files.length > 0) appendFileSync(process.env.TRACEMILL_LOADED_LOG, files.join("\\n") + "\\n");',
      "});",
    ].join("\n"),
  );
});

afterAll(async () => {
  await rm(workspace, { recursive: true, force: true });
});

interface Loaded {
  code: number;
  stdout: string;
  /** Every loaded file, as a path relative to the package (node_modules/… or dist/…). */
  modules: string[];
}

function loadedBy(args: string[], name: string): Promise<Loaded> {
  return loadedByNode([cliPath, ...args], name, workspace);
}

/** Runs `node --import <hook> <nodeArgs>` in cwd and reads back the modules it loaded. */
async function loadedByNode(nodeArgs: string[], name: string, cwd: string): Promise<Loaded> {
  const log = join(workspace, `${name}.log`);
  const { code, stdout } = await new Promise<{ code: number; stdout: string }>(
    (resolvePromise, reject) => {
      const child = spawn(process.execPath, ["--import", hook, ...nodeArgs], {
        cwd,
        env: { ...process.env, TRACEMILL_LOADED_LOG: log, NO_COLOR: "1" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let out = "";
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString("utf8");
      });
      child.on("error", reject);
      child.on("close", (exitCode) => resolvePromise({ code: exitCode ?? -1, stdout: out }));
    },
  );
  const text = await readFile(log, "utf8").catch(() => "");
  const modules = [
    ...new Set(
      text
        .split("\n")
        .filter((line) => line.length > 0)
        .map((line) => (line.startsWith("file:") ? new URL(line).pathname : line))
        .map((path) => {
          const inModules = path.lastIndexOf("/node_modules/");
          if (inModules >= 0) return path.slice(inModules + 1);
          const inDist = path.lastIndexOf("/dist/");
          return inDist >= 0 ? path.slice(inDist + 1) : path;
        }),
    ),
  ];
  return { code, stdout, modules };
}

function heavyIn(modules: string[]): string[] {
  return modules.filter((path) =>
    heavyPackages.some((name) =>
      name.endsWith("/")
        ? path.startsWith(`node_modules/${name}`)
        : path.startsWith(`node_modules/${name}/`),
    ),
  );
}

function zodIn(modules: string[]): string[] {
  return modules.filter((path) => path.startsWith("node_modules/zod/"));
}

/** The action modules (dist/cli/commands/<name>.js) a run loaded; the *-command.js files are light. */
function actionsIn(modules: string[]): string[] {
  return modules
    .filter((path) => /^dist\/cli\/commands\/[^/]+\.js$/.test(path))
    .filter((path) => !path.endsWith("-command.js"));
}

const commandsWithHelp = [
  "demo",
  "schema",
  "doctor",
  "process",
  "export",
  "model try",
  "serve",
  "worker",
  "devtrace submit",
  "insights run",
  "correct",
  "train-bc",
  "correct-and-train",
  "runs list",
  "view",
];

describe("the modules a CLI invocation loads", () => {
  it("--version loads commander and tracemill's own light modules only", async () => {
    const run = await loadedBy(["--version"], "version");
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    // The hook saw the CLI itself: the list is real, not empty because the hook failed.
    expect(run.modules).toContain("dist/cli/bin.js");
    expect(heavyIn(run.modules)).toEqual([]);
    expect(actionsIn(run.modules)).toEqual([]);
    expect(run.modules.filter((path) => path.startsWith("node_modules/zod/"))).toEqual([]);
    const packages = new Set(
      run.modules
        .filter((path) => path.startsWith("node_modules/"))
        .map((path) => path.split("/")[1]),
    );
    expect([...packages]).toEqual(["commander"]);
  });

  it("--help and every command's --help load no action module and no heavy package", async () => {
    for (const command of ["", ...commandsWithHelp]) {
      const args = [...command.split(" ").filter((word) => word.length > 0), "--help"];
      const run = await loadedBy(args, `help-${command.replaceAll(" ", "-") || "root"}`);
      expect(run.code, `tracemill ${args.join(" ")}`).toBe(0);
      expect(run.stdout, `tracemill ${args.join(" ")}`).toContain("Usage:");
      expect(heavyIn(run.modules), `tracemill ${args.join(" ")}`).toEqual([]);
      expect(actionsIn(run.modules), `tracemill ${args.join(" ")}`).toEqual([]);
    }
  }, 180_000);

  it("runs list loads its own action module and no heavy package", async () => {
    const run = await loadedBy(["runs", "list", "--json"], "runs-list");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ runs: [] });
    expect(actionsIn(run.modules)).toEqual(["dist/cli/commands/runs.js"]);
    expect(heavyIn(run.modules)).toEqual([]);
    expect(zodIn(run.modules)).toEqual([]);
  });

  it("runs list with a stored run reads its warnings without the run logger (pino)", async () => {
    const runsDir = join(workspace, "runs-with-one");
    const stored = await openRun({
      runsDir,
      command: "process",
      inputs: [],
      config: {},
      toolVersion: "0.1.0",
      logLevel: "silent",
    });
    await stored.warn({ stage: "read", item: "a", code: "odd", message: "one odd item" });
    await stored.finish("completed");
    const run = await loadedBy(["--runs-dir", runsDir, "runs", "list", "--json"], "runs-list-one");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ runs: [{ warnings: 1 }] });
    expect(actionsIn(run.modules)).toEqual(["dist/cli/commands/runs.js"]);
    expect(heavyIn(run.modules)).toEqual([]);
    expect(run.modules).not.toContain("dist/runs/logger.js");
    // A valid manifest and warnings are read by the light checks; zod only explains bad ones.
    expect(zodIn(run.modules)).toEqual([]);
  });

  it("runs list with a broken manifest beside a good run still lists the good one", async () => {
    const runsDir = join(workspace, "runs-with-broken");
    const stored = await openRun({
      runsDir,
      command: "process",
      inputs: [],
      config: {},
      toolVersion: "0.1.0",
      logLevel: "silent",
    });
    await stored.finish("completed");
    await mkdir(join(runsDir, "broken"), { recursive: true });
    await writeFile(join(runsDir, "broken", "manifest.json"), JSON.stringify({ schema: "x" }));
    const run = await loadedBy(["--runs-dir", runsDir, "runs", "list", "--json"], "runs-broken");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).runs).toHaveLength(1);
    // The broken manifest was judged by zod, loaded on that path only.
    expect(zodIn(run.modules).length).toBeGreaterThan(0);
  });

  it("process without --grade loads no grader, no model door and no other kind's reader", async () => {
    const data = join(workspace, "process-data");
    await cp(
      fileURLToPath(new URL("../../test/fixtures/samples/screen-desktop", import.meta.url)),
      data,
      {
        recursive: true,
      },
    );
    const args = ["process", "-f", "desktop", "-d", data, "--concurrency", "1"];
    const plain = await loadedBy([...args, "-o", join(workspace, "process-out")], "process");
    expect(plain.code).toBe(0);
    expect(plain.modules).toContain("dist/sources/desktop/read-desktop-session.js");
    const unneeded = (modules: string[]) =>
      modules.filter(
        (path) =>
          path.startsWith("node_modules/openai/") ||
          path.startsWith("dist/grade/grader.js") ||
          path.startsWith("dist/model/providers/") ||
          path.startsWith("dist/model/configured-client.js") ||
          /^dist\/sources\/(devtrace|robot|conversations|web|guacamole)\//.test(path) ||
          path.startsWith("dist/format/to-anthropic-computer-use.js") ||
          path.startsWith("dist/format/to-openai-computer-use.js") ||
          path.startsWith("dist/pipelines/screen/augment-session.js"),
      );
    expect(unneeded(plain.modules)).toEqual([]);
    // The same run graded loads the grader and the model door: the list above is not empty by accident.
    const graded = await loadedBy(
      [...args, "--grade", "-o", join(workspace, "process-graded")],
      "process-graded",
    );
    expect(graded.code).toBe(0);
    expect(unneeded(graded.modules)).toEqual(
      expect.arrayContaining(["dist/grade/grader.js", "dist/model/configured-client.js"]),
    );
  }, 60_000);

  it("doctor loads the ffmpeg/ffprobe locators it checks and no other heavy package", async () => {
    const run = await loadedBy(["doctor", "--json"], "doctor");
    expect(run.stdout).toContain('"checks"');
    expect(actionsIn(run.modules)).toEqual(["dist/cli/commands/doctor.js"]);
    const probes = ["@ffmpeg-installer/", "@ffprobe-installer/"];
    expect(
      heavyIn(run.modules).filter(
        (path) => !probes.some((name) => path.startsWith(`node_modules/${name}`)),
      ),
    ).toEqual([]);
  }, 60_000);

  it("export health loads no Parquet writer, progress bar or other heavy package", async () => {
    const out = join(workspace, "exports");
    await mkdir(out, { recursive: true });
    const run = await loadedBy(["export", "health", "--out", out], "export-health");
    expect(run.code).toBe(0);
    expect(actionsIn(run.modules)).toEqual(["dist/cli/commands/export.js"]);
    expect(heavyIn(run.modules)).toEqual([]);
    expect(run.modules.filter((path) => path.startsWith("node_modules/cli-progress/"))).toEqual([]);
    // Health reads the quarantine files only: no exporters, schemas or redaction rules.
    expect(zodIn(run.modules)).toEqual([]);
    expect(run.modules).not.toContain("dist/export/index.js");
    expect(
      run.modules.filter((path) => path.startsWith("node_modules/libphonenumber-js/")),
    ).toEqual([]);
  });

  it('import("tracemill") loads no heavy package (each stage loads its own on first use)', async () => {
    const run = await loadedByNode(
      [
        "--input-type=module",
        "-e",
        'const tracemill = await import("tracemill"); console.log(JSON.stringify(Object.keys(tracemill)));',
      ],
      "library",
      packageRoot,
    );
    expect(run.code).toBe(0);
    // The public API only (issue 18): the pipelines' entries and the Grader, not ~700 internals.
    const names = JSON.parse(run.stdout.trim()) as string[];
    expect(names).toEqual(
      expect.arrayContaining(["Grader", "processScreenSessions", "runExport", "runLeRobotExport"]),
    );
    expect(names.length).toBeGreaterThan(50);
    expect(run.modules).toContain("dist/index.js");
    // The OpenAI SDK's error classes (three small files) classify provider failures for retries.
    const sdkErrors = new Set([
      "node_modules/openai/error.mjs",
      "node_modules/openai/core/error.mjs",
      "node_modules/openai/internal/errors.mjs",
    ]);
    expect(heavyIn(run.modules).filter((path) => !sdkErrors.has(path))).toEqual([]);
  });

  it("schema trace loads its own action module, no heavy package and no zod", async () => {
    const run = await loadedBy(["schema", "trace"], "schema-trace");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ title: "trace" });
    expect(actionsIn(run.modules)).toEqual(["dist/cli/commands/schema.js"]);
    expect(heavyIn(run.modules)).toEqual([]);
    // The build wrote dist/schemas/trace.json: printing it needs neither zod nor the schemas.
    expect(run.modules.filter((path) => path.startsWith("node_modules/zod/"))).toEqual([]);
  });
});
