import { mkdir, readdir } from "node:fs/promises";
import { join } from "node:path";
import { canonicalJson } from "../core/canonical-json.js";
import { TracemillError } from "../core/errors.js";
import { sha256Hex } from "../core/hash.js";
import { assertRunId, type RunInput, type RunManifest, readManifest } from "./run-manifest.js";

/** Run ids and their folders: readable, sortable by time, unique, and claimed atomically. */
/** `<command>-<YYYYMMDD-HHMMSS>-<6 hex of sha256(inputs + config fingerprint)>`, in UTC. */
export function defaultRunId(
  command: string,
  createdAt: Date,
  subject: { inputs: RunInput[]; configFingerprint: string },
): string {
  const slug =
    command
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "") || "run";
  const stamp = createdAt.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  const digest = sha256Hex(
    canonicalJson({
      inputs: subject.inputs.map((input) => [input.path, input.sha256]),
      config: subject.configFingerprint,
    }),
  ).slice(0, 6);
  return `${slug}-${stamp}-${digest}`;
}

export async function createExactRunDirectory(runsDir: string, id: string) {
  assertRunId(id);
  const dir = join(runsDir, id);
  try {
    await mkdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") {
      throw new TracemillError(
        "conflict",
        `run ${id} already exists in ${runsDir}; resume it or choose another id`,
      );
    }
    throw error;
  }
  return { id, dir };
}

/** mkdir without `recursive` fails on an existing folder, which makes the id claim atomic. */
export async function createUniqueRunDirectory(runsDir: string, baseId: string) {
  for (let suffix = 1; ; suffix += 1) {
    const id = suffix === 1 ? baseId : `${baseId}-${suffix}`;
    try {
      await mkdir(join(runsDir, id));
      return { id, dir: join(runsDir, id) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
}

export async function latestRunId(runsDir: string, command: string): Promise<string> {
  const manifests: RunManifest[] = [];
  for (const entry of await readdir(runsDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const manifest = await readManifest(join(runsDir, entry.name)).catch(() => undefined);
    if (manifest?.command === command) manifests.push(manifest);
  }
  const newest = manifests.sort(compareNewestFirst)[0];
  if (!newest)
    throw new TracemillError("not_found", `no earlier run of "${command}" in ${runsDir} to resume`);
  return newest.id;
}

export function compareNewestFirst(
  a: { createdAt: string; id: string },
  b: { createdAt: string; id: string },
): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}
