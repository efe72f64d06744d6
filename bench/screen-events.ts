import { execFile } from "node:child_process";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { readDesktopSession } from "../src/sources/desktop/index.js";

/**
 * Desktop input-log throughput: a generated 1M-line input_log.jsonl (mostly mousemove, with
 * clicks, drags, wheel bursts, typing, hotkeys, recorder noise and accessibility trees) read by
 * readDesktopSession (stream, parse, map keys, thin moves, build actions, hash the file) against
 * a baseline measured in the same run: readline + JSON.parse of every line and nothing else.
 * Each side runs in its own child process so its peak RSS is its own. Goal ≥ 200k events/s.
 *
 *   npx tsc -p tsconfig.bench.json && node dist-bench/bench/screen-events.js [lines]
 *
 * Issue 14: `screen-events.js process [lines]` measures the whole `process` run without video
 * (read, collapse duplicates, build actions, write trace/results/sft/previews/metrics and the
 * run folder) on a log where 10 % of the input events are logged twice and 10k key releases
 * have no press (10k warnings), against the same readline + JSON.parse baseline.
 */
const [mode, argument] = process.argv.slice(2);

interface Faults {
  /** Fraction of input events (not moves) the recorder writes twice. */
  duplicates: number;
  /** Key releases without a press, one warning each. */
  orphanKeyups: number;
}

async function baseline(path: string) {
  let parsed = 0;
  const lines = createInterface({
    input: createReadStream(path),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const line of lines) {
    if (line.length > 0 && JSON.parse(line) !== null) parsed++;
  }
  return { events: parsed, steps: 0 };
}

async function wholeProcess(data: string) {
  const importStart = performance.now();
  const { processScreenSessions } = await import("../src/pipelines/screen/process-sessions.js");
  const { defaultConfig } = await import("../src/core/config.js");
  const importSeconds = (performance.now() - importStart) / 1000;
  const report = await processScreenSessions(
    {
      format: "desktop",
      data,
      out: join(data, "out"),
      sessions: ["bench"],
      ffmpeg: "/nonexistent/ffmpeg",
      ffprobe: "/nonexistent/ffprobe",
      grade: false,
      chunkSize: 4,
      concurrency: 1,
      force: true,
      actionFormat: "pyautogui",
      crop: false,
      augment: false,
    },
    { ...defaultConfig(), runsDir: join(data, "runs"), cacheDir: join(data, "cache") },
    { notice: () => {}, toolVersion: "bench" },
  );
  const outcome = report.outcomes[0];
  if (outcome === undefined) throw new Error(JSON.stringify(report.failures));
  return { events: 0, steps: outcome.steps, warnings: outcome.warnings.length, importSeconds };
}

async function reader(data: string) {
  const { trace } = await readDesktopSession(data, "bench");
  return { events: trace.meta.lines as number, steps: trace.steps.length };
}

/** Child mode: run one side once and print its figures as JSON. */
async function measure(kind: string, data: string) {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const result =
    kind === "baseline"
      ? await baseline(join(data, "bench", "input_log.jsonl"))
      : kind === "process"
        ? await wholeProcess(data)
        : await reader(data);
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  // CPU time (user + system) of the main thread's process: on a loaded machine wall time
  // mostly measures the neighbours, CPU time the work.
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const peakMB = process.resourceUsage().maxRSS / 1024;
  console.log(
    JSON.stringify({
      ...result,
      seconds,
      cpuSeconds,
      eventsPerSecond: result.events / seconds,
      peakMB,
    }),
  );
}

async function generate(
  data: string,
  lines: number,
  faults: Faults = { duplicates: 0, orphanKeyups: 0 },
) {
  await mkdir(join(data, "bench"), { recursive: true });
  const start = Date.parse("2025-08-18T11:51:37Z");
  await writeFile(
    join(data, "bench", "meta.json"),
    JSON.stringify({
      timestamp: new Date(start).toISOString(),
      platform: "macos",
      locale: "en-US",
      primary_monitor: { width: 2880, height: 1800 },
    }),
  );
  const out = createWriteStream(join(data, "bench", "input_log.jsonl"));
  const axtree = JSON.stringify({
    tree: [
      {
        bbox: { x: 0, y: 0, width: 0, height: 0 },
        children: { bbox: [0, 0, 1440, 900], children: [] },
      },
    ],
  });
  let time = start + 500;
  let x = 700;
  let y = 450;
  let written = 0;
  let chunk = "";
  let inputEvents = 0;
  let orphansLeft = faults.orphanKeyups;
  const line = (event: string, data: string) => {
    const text = `{"data":${data},"event":"${event}","time":${time}}\n`;
    chunk += text;
    written++;
    if (event === "mousemove" || event === "ffmpeg_stderr" || event === "axtree") return;
    inputEvents++;
    // Every 1/duplicates-th input event is written twice, identical, as the faulty recorder does.
    if (faults.duplicates > 0 && inputEvents % Math.round(1 / faults.duplicates) === 0) {
      chunk += text;
      written++;
    }
  };
  const move = () => {
    x = Math.min(1439, Math.max(0, x + Math.sin(written / 37) * 6));
    y = Math.min(899, Math.max(0, y + Math.cos(written / 53) * 4));
    line("mousemove", `{"x":${x},"y":${y}}`);
    time += 8;
  };
  const letters = "the quick brown fox jumps over the lazy dog";
  for (let cycle = 0; written < lines; cycle++) {
    for (let index = 0; index < 80; index++) move();
    const kind = cycle % 10;
    if (kind < 5) {
      line("mousedown", `{"button":"Left"}`);
      time += 90;
      line("mouseup", `{"button":"Left"}`);
    } else if (kind === 5) {
      line("mousedown", `{"button":"Left"}`);
      for (let index = 0; index < 30; index++) move();
      line("mouseup", `{"button":"Left"}`);
    } else if (kind === 6) {
      for (let index = 0; index < 12; index++, time += 16)
        line("mousewheel", `{"delta":${-index}.0}`);
    } else if (kind === 7) {
      for (const letter of letters.slice(0, 12)) {
        const key = letter === " " ? "Space" : `Key${letter.toUpperCase()}`;
        line("keydown", `{"key":"${key}"}`);
        time += 60;
        line("keyup", `{"key":"${key}"}`);
        time += 60;
      }
    } else if (kind === 8) {
      line("keydown", `{"key":"MetaLeft"}`);
      line("keydown", `{"key":"KeyC"}`);
      line("keyup", `{"key":"KeyC"}`);
      line("keyup", `{"key":"MetaLeft"}`);
      line(
        "ffmpeg_stderr",
        `{"output":"frame= ${cycle} fps=30 q=-1.0 size=N/A time=00:00:01.00 bitrate=N/A speed=1x"}`,
      );
    } else if (cycle % 500 === 9) {
      line("axtree", axtree);
    } else if (orphansLeft > 0) {
      for (let index = 0; index < 20 && orphansLeft > 0; index++, orphansLeft--, time += 30)
        line("keyup", `{"key":"KeyZ"}`);
    }
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk))
        await new Promise<void>((resolve) => out.once("drain", () => resolve()));
      chunk = "";
    }
  }
  out.end(chunk);
  await new Promise<void>((resolve) => out.once("finish", () => resolve()));
  return written;
}

async function child(kind: string, data: string) {
  const run = promisify(execFile);
  const { stdout } = await run(process.execPath, [fileURLToPath(import.meta.url), kind, data], {
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout) as {
    events: number;
    steps: number;
    seconds: number;
    cpuSeconds: number;
    importSeconds?: number;
    eventsPerSecond: number;
    peakMB: number;
  };
}

if (mode === "baseline" || mode === "reader" || mode === "process") {
  await measure(mode, argument as string);
} else if (mode === "generate") {
  // For profiling: `generate <dir> [lines]` writes the faulty log, then run `process <dir>` under --cpu-prof.
  await generate(argument as string, Number(process.argv[4] ?? 500_000), {
    duplicates: 0.1,
    orphanKeyups: 10_000,
  });
} else if (mode === "whole") {
  // Issue 14: the whole process run against the bare parse, same file, same run.
  const lines = Number(argument ?? 500_000);
  const data = await mkdtemp(join(tmpdir(), "tracemill-bench-process-"));
  const written = await generate(data, lines, { duplicates: 0.1, orphanKeyups: 10_000 });
  // The same faults on a 2,000-line log: what a run costs whatever the log's size (module
  // loading, run folder, schema compilation, first calls), so the per-line cost shows apart.
  const small = await mkdtemp(join(tmpdir(), "tracemill-bench-process-small-"));
  await generate(small, 2_000, { duplicates: 0.1, orphanKeyups: 20 });
  // Best of five per side, alternating, by wall time and by CPU time (the lower of each).
  type Figures = Awaited<ReturnType<typeof child>> & { warnings?: number };
  const best: Record<string, Figures> = {};
  const bestCpu: Record<string, number> = {};
  for (let round = 0; round < 5; round++) {
    for (const kind of ["baseline", "reader", "process"] as const) {
      for (const [size, folder] of [
        ["", data],
        [":small", small],
      ] as const) {
        if (kind === "reader" && size !== "") continue;
        const result = await child(kind, folder);
        const key = `${kind}${size}`;
        if (best[key] === undefined || result.seconds < (best[key]?.seconds ?? Infinity))
          best[key] = result;
        bestCpu[key] = Math.min(bestCpu[key] ?? Infinity, result.cpuSeconds);
      }
    }
  }
  await rm(data, { recursive: true, force: true });
  await rm(small, { recursive: true, force: true });
  const base = best.baseline as Figures;
  const read = best.reader as Figures;
  const whole = best.process as Figures;
  const ratio = (value: number, of: number) => Math.round((value / of) * 100) / 100;
  const cpu = (kind: string) => bestCpu[kind] as number;
  const cpuRatio = ratio(cpu("process"), cpu("baseline"));
  const wallRatio = ratio(whole.seconds, base.seconds);
  const fixed = cpu("process:small") - cpu("baseline:small");
  const perLine = ratio(
    cpu("process") - cpu("process:small"),
    cpu("baseline") - cpu("baseline:small"),
  );
  console.log(
    `process without video (${written} lines, 10% of input events duplicated, ${whole.warnings} warnings)\n` +
      `  wall: bare parse ${base.seconds.toFixed(2)} s · reader ${read.seconds.toFixed(2)} s (${ratio(read.seconds, base.seconds)}×) · whole process ${whole.seconds.toFixed(2)} s (${ratio(whole.seconds, base.seconds)}×, of which module loading ${(whole.importSeconds ?? 0).toFixed(2)} s; peak RSS ${Math.round(whole.peakMB)} MB)\n` +
      `  cpu:  bare parse ${cpu("baseline").toFixed(2)} s · reader ${cpu("reader").toFixed(2)} s (${ratio(cpu("reader"), cpu("baseline"))}×) · whole process ${cpu("process").toFixed(2)} s (${cpuRatio}×)\n` +
      `  a 2,000-line log: whole process ${cpu("process:small").toFixed(2)} s, bare parse ${cpu("baseline:small").toFixed(3)} s → fixed cost of a run ${fixed.toFixed(2)} s CPU\n` +
      `  per line (500k minus 2k): whole process ${perLine}× the bare parse\n` +
      `  goal ≤ 1.5× the bare parse, whole run: wall ${wallRatio}× ${wallRatio <= 1.5 ? "met" : "NOT met"}; CPU ${cpuRatio}× ${cpuRatio <= 1.5 ? "met" : "NOT met"}; per line (CPU) ${perLine}× ${perLine <= 1.5 ? "met" : "NOT met"}`,
  );
} else {
  const lines = Number(mode ?? 1_000_000);
  const data = await mkdtemp(join(tmpdir(), "tracemill-bench-events-"));
  const written = await generate(data, lines);
  // Best of three per side, alternating, so a noisy moment does not decide the ratio.
  const best = {
    baseline: undefined as Awaited<ReturnType<typeof child>> | undefined,
    reader: undefined as Awaited<ReturnType<typeof child>> | undefined,
  };
  for (let round = 0; round < 3; round++) {
    for (const kind of ["baseline", "reader"] as const) {
      const result = await child(kind, data);
      if (best[kind] === undefined || result.seconds < (best[kind]?.seconds ?? Infinity))
        best[kind] = result;
    }
  }
  await rm(data, { recursive: true, force: true });
  const base = best.baseline as NonNullable<typeof best.baseline>;
  const full = best.reader as NonNullable<typeof best.reader>;
  const round = (value: number) => Math.round(value * 100) / 100;
  console.log(
    `desktop input log (${written} lines): reader ${Math.round(full.eventsPerSecond)} events/s (${full.steps} steps, peak RSS ${Math.round(full.peakMB)} MB) vs readline+JSON.parse ${Math.round(base.eventsPerSecond)} events/s (peak RSS ${Math.round(base.peakMB)} MB) → reader takes ${round(full.seconds / base.seconds)}× the baseline time; goal ≥ 200000 events/s ${full.eventsPerSecond >= 200_000 ? "met" : "NOT met"}`,
  );
}
