import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Episode } from "../src/sources/robot/episode.js";
import { createRandom } from "../src/train/random.js";
import type { TrainingBackend } from "../src/train/tensorflow.js";
import { trainBc } from "../src/train/train-bc.js";

/**
 * Behaviour-cloning training throughput: `trainBc` for 1,000 iterations at batch 256 on generated
 * episodes with a 259-d observation and a 2-d action (the goal: under 30 s on 2 cores),
 * on the wasm backend, against the pure-JS cpu backend as the baseline (a few iterations of the
 * same loop), plus the cost of the Jacobian penalty. Achieved GFLOP/s counts the MLP only:
 * forward = 2·Σ in·out per sample, forward + backward ≈ 3× forward. Each measurement runs in its
 * own process (TensorFlow.js fixes one backend per process; peak RSS is per process).
 *
 *   npx tsc -p tsconfig.bench.json && node dist-bench/bench/train.js [--iterations 1000]
 */
interface Measurement {
  label: string;
  backend: TrainingBackend;
  iterations: number;
  loopMs: number;
  wallMs: number;
  stepsPerSecond: number;
  gflops: number;
  firstLoss: number;
  lastLoss: number;
  peakRssMb: number;
}

const observationDim = 259;
const actionDim = 2;
const hiddenDim = 256;
const batchSize = 256;

/** FLOPs of one training step of the MLP (259 → 256 → 256 → 2). */
export function flopsPerStep(): number {
  const layers = [
    [observationDim, hiddenDim],
    [hiddenDim, hiddenDim],
    [hiddenDim, actionDim],
  ];
  const forward =
    2 * layers.reduce((sum, [input, output]) => sum + (input as number) * (output as number), 0);
  return 3 * forward * batchSize;
}

/** 24 episodes × 200 steps: observations in [0, 1], actions a smooth function of them plus noise. */
export function generatedEpisodes(): Episode[] {
  const random = createRandom(2024);
  const mixing = Array.from({ length: actionDim }, () =>
    Array.from({ length: observationDim }, () => random() * 2 - 1),
  );
  return Array.from({ length: 24 }, (_, episode) => {
    let state = Array.from({ length: observationDim }, () => random());
    return {
      session: "bench",
      episode,
      path: `bench/trajectory_0_${episode}.json`,
      metrics: {},
      extra: {},
      steps: Array.from({ length: 200 }, (_, index) => {
        state = state.map((value) => Math.min(1, Math.max(0, value + (random() - 0.5) * 0.05)));
        const action = mixing.map((row) =>
          Math.tanh(
            row.reduce((sum, weight, d) => sum + weight * ((state[d] as number) - 0.5), 0) / 4 +
              (random() - 0.5) * 0.05,
          ),
        );
        return { index, observation: [...state], action, intervention: index % 50 > 40 };
      }),
    };
  });
}

async function measure(label: string, backend: TrainingBackend, iterations: number, wJac: number) {
  const out = await mkdtemp(join(tmpdir(), "tracemill-bench-train-"));
  try {
    const episodes = generatedEpisodes();
    let loopStart = 0;
    let loopEnd = 0;
    const wallStart = performance.now();
    const result = await trainBc({
      episodes,
      out,
      backend,
      config: { iterations, batchSize, hiddenDim, numLayers: 2, wJac, checkpointFreq: 100 },
      onProgress: ({ iteration }) => {
        if (iteration === 1) loopStart = performance.now();
        loopEnd = performance.now();
      },
    });
    const wallMs = performance.now() - wallStart;
    // The first iteration pays one-off kernel set-up; steps/s counts the ones after it.
    const loopMs = loopEnd - loopStart;
    const stepsPerSecond = ((iterations - 1) / loopMs) * 1000;
    const measurement: Measurement = {
      label,
      backend,
      iterations,
      loopMs: Math.round(loopMs),
      wallMs: Math.round(wallMs),
      stepsPerSecond: Math.round(stepsPerSecond * 10) / 10,
      gflops: Math.round(((stepsPerSecond * flopsPerStep()) / 1e9) * 100) / 100,
      firstLoss: result.firstTrain?.total ?? Number.NaN,
      lastLoss: result.lastTrain?.total ?? Number.NaN,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    };
    return measurement;
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index === -1 ? fallback : Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value < 2) throw new Error(`--${name} needs an integer ≥ 2`);
  return value;
}

function runChild(
  label: string,
  backend: TrainingBackend,
  iterations: number,
  wJac: number,
): Measurement {
  const child = spawnSync(
    process.execPath,
    [fileURLToPath(import.meta.url), "--child", label, backend, String(iterations), String(wJac)],
    { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
  );
  if (child.status !== 0) throw new Error(`${label} failed with exit code ${child.status}`);
  return JSON.parse(child.stdout.trim().split("\n").at(-1) ?? "") as Measurement;
}

async function main(): Promise<void> {
  const childIndex = process.argv.indexOf("--child");
  if (childIndex !== -1) {
    const [label, backend, iterations, wJac] = process.argv.slice(childIndex + 1);
    const result = await measure(
      label as string,
      backend as TrainingBackend,
      Number(iterations),
      Number(wJac),
    );
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  const iterations = option("iterations", 1000);
  console.log(
    `behaviour cloning: MLP ${observationDim}→${hiddenDim}→${hiddenDim}→${actionDim}, batch ${batchSize}, ` +
      `${(flopsPerStep() / 1e6).toFixed(1)} MFLOP/step, node ${process.version}, load average ${loadavg()[0]?.toFixed(1)}`,
  );
  const runs: Measurement[] = [
    runChild("cpu baseline", "cpu", option("cpu-iterations", 30), 0),
    runChild("wasm", "wasm", iterations, 0),
    runChild("wasm + jacobian", "wasm", option("jacobian-iterations", 100), 0.01),
  ];
  for (const run of runs) {
    console.log(
      `${run.label.padEnd(16)} ${String(run.iterations).padStart(5)} it  ${String(run.stepsPerSecond).padStart(7)} steps/s  ` +
        `${String(run.gflops).padStart(6)} GFLOP/s  loop ${(run.loopMs / 1000).toFixed(1)} s  wall ${(run.wallMs / 1000).toFixed(1)} s  ` +
        `loss ${run.firstLoss.toFixed(3)} → ${run.lastLoss.toFixed(3)}  peak RSS ${run.peakRssMb} MB`,
    );
  }
  const [cpu, wasm, jacobian] = runs as [Measurement, Measurement, Measurement];
  console.log(
    `wasm / cpu steps/s: ${(wasm.stepsPerSecond / cpu.stepsPerSecond).toFixed(1)}x (baseline = cpu)`,
  );
  console.log(
    `jacobian penalty costs ${(wasm.stepsPerSecond / jacobian.stepsPerSecond).toFixed(1)}x per step`,
  );
  console.log(
    `${iterations} iterations on wasm: ${(wasm.wallMs / 1000).toFixed(1)} s wall (goal < 30 s)`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
