import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { numberOption } from "./child-process.js";

/**
 * Issue 20: how long the CLI and the library take to start, against a bare `node -e 0` in the
 * same run. Every command runs `--runs` times, round-robin (so a busy moment hits them all
 * alike); each figure is the median. Peak RSS comes from /usr/bin/time (GNU time, `%M`) wrapped
 * around every command, the baseline included, so the wrapper costs all of them the same.
 *
 *   node dist-bench/bench/startup.js [--runs 15] [--dist dist] [--old <another build's dist>]
 *
 * `--old` adds the same commands from an older build (for a before/after in one run).
 */

interface Command {
  name: string;
  args: string[];
  cwd: string;
}

interface Sample {
  wallSeconds: number;
  peakRssMb: number | undefined;
}

const runs = numberOption("runs", 15);
const distOption = process.argv.indexOf("--dist");
const dist = resolve(distOption === -1 ? "dist" : (process.argv[distOption + 1] as string));
const oldOption = process.argv.indexOf("--old");
const oldDist = oldOption === -1 ? undefined : resolve(process.argv[oldOption + 1] as string);
const timeBinary = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;
const workspace = mkdtempSync(join(tmpdir(), "tracemill-startup-"));
const rssFile = join(workspace, "rss.txt");

function cliCommands(label: string, distDir: string): Command[] {
  const bin = join(distDir, "cli", "bin.js");
  const runsDir = join(workspace, "runs");
  const cli = (name: string, args: string[]): Command => ({
    name: `${label}${name}`,
    args: [bin, "--runs-dir", runsDir, ...args],
    cwd: workspace,
  });
  return [
    cli("tracemill --version", ["--version"]),
    cli("tracemill --help", ["--help"]),
    cli("tracemill runs list", ["runs", "list"]),
    cli("tracemill schema trace", ["schema", "trace"]),
    cli("tracemill export health", ["export", "health", "--out", workspace]),
    {
      name: `${label}import("tracemill")`,
      args: [
        "--input-type=module",
        "-e",
        `await import(${JSON.stringify(`file://${join(distDir, "index.js")}`)})`,
      ],
      cwd: workspace,
    },
  ];
}

const baseline: Command = { name: "node -e 0", args: ["-e", "0"], cwd: workspace };
const commands: Command[] = [
  baseline,
  ...cliCommands("", dist),
  ...(oldDist === undefined ? [] : cliCommands("old: ", oldDist)),
];

function runOnce(command: Command): Sample {
  const argv = timeBinary
    ? [timeBinary, "-f", "%M", "-o", rssFile, process.execPath, ...command.args]
    : [process.execPath, ...command.args];
  const started = performance.now();
  const result = spawnSync(argv[0] as string, argv.slice(1), {
    cwd: command.cwd,
    stdio: ["ignore", "ignore", "pipe"],
    encoding: "utf8",
  });
  const wallSeconds = (performance.now() - started) / 1000;
  if (result.status !== 0) {
    throw new Error(`${command.name} exited ${result.status}: ${result.stderr}`);
  }
  const peakKb = timeBinary ? Number(readFileSync(rssFile, "utf8").trim().split("\n").at(-1)) : NaN;
  return { wallSeconds, peakRssMb: Number.isFinite(peakKb) ? peakKb / 1024 : undefined };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

const samples = new Map<string, Sample[]>(commands.map((command) => [command.name, []]));
// One warm-up round (file cache), not counted.
for (const command of commands) runOnce(command);
for (let round = 0; round < runs; round++) {
  for (const command of commands) samples.get(command.name)?.push(runOnce(command));
}

const base = samples.get(baseline.name) as Sample[];
const baseWall = median(base.map((sample) => sample.wallSeconds));
console.log(
  `startup: ${runs} runs each, round-robin, medians; ${process.version}; peak RSS ${timeBinary ? "from /usr/bin/time" : "not measured (no /usr/bin/time)"}`,
);
console.log("command                          wall s   × node -e 0   peak MB");
for (const command of commands) {
  const list = samples.get(command.name) as Sample[];
  const wall = median(list.map((sample) => sample.wallSeconds));
  // The ratio is taken round by round (same moment, same load), then its median.
  const ratio = median(
    list.map((sample, index) => sample.wallSeconds / (base[index] as Sample).wallSeconds),
  );
  const rss = list.map((sample) => sample.peakRssMb).filter((value) => value !== undefined);
  console.log(
    `${command.name.padEnd(32)} ${wall.toFixed(3).padStart(6)}   ${ratio.toFixed(2).padStart(11)}   ${rss.length === 0 ? "   n/a" : median(rss).toFixed(1).padStart(7)}`,
  );
}
console.log(
  `(bare node median ${baseWall.toFixed(3)} s; goal: each CLI command ≤ 0.15 s and ≤ 2.5×, --version ≤ 60 MB)`,
);
rmSync(workspace, { recursive: true, force: true });
