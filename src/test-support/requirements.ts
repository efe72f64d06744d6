import { access, constants } from "node:fs/promises";
import pg from "pg";
import { beforeEach } from "vitest";
import { checkBubblewrap, checkMediaTool, checkPytest } from "../doctor/checks.js";

/**
 * Things some tests need and a laptop may lack. Each `requireX()` looks once per test file and
 * returns a Requirement; `skipWithout(requirement)` in a describe (or at the top of a file)
 * skips every test in scope when it is missing, with one note naming what is missing and how to
 * get it. The summary reporter (test/summary-reporter.ts) groups those notes into one line each
 * at the end of the run. With CI=true nothing is skipped: a missing requirement fails the file
 * (CI installs everything; see .ci/run).
 */
export interface Requirement {
  /** Short name, e.g. "bubblewrap". */
  name: string;
  available: boolean;
  /** When missing: "needs <name>: <what is wrong>; get it: <how>". */
  note?: string;
}

/** The CI Postgres server (trust auth); override with TRACEMILL_TEST_POSTGRES_URL. */
export const testPostgresAdminUrl =
  process.env.TRACEMILL_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export const isCi = (): boolean => /^(1|true|yes)$/i.test(process.env.CI ?? "");

/** Builds a Requirement; when it is missing under CI=true, throws (so the test file fails). */
export function requirement(name: string, problem: string | undefined, howTo: string): Requirement {
  if (problem === undefined) return { name, available: true };
  const note = `needs ${name}: ${problem}; get it: ${howTo}`;
  if (isCi()) throw new Error(`CI=true, so this test must run, but it ${note}`);
  return { name, available: false, note };
}

/** Skips every test in the enclosing describe (or file) when any requirement is missing. */
export function skipWithout(...requirements: Requirement[]): void {
  const missing = requirements.filter((each) => !each.available);
  if (missing.length === 0) return;
  const note = missing.map((each) => each.note).join(" | ");
  beforeEach((context) => {
    context.skip(note);
  });
}

/** Skips one test (call it first in the test) when any requirement is missing. */
export function skipTestWithout(
  context: { skip(note?: string): void },
  ...requirements: Requirement[]
): void {
  const missing = requirements.filter((each) => !each.available);
  if (missing.length > 0) context.skip(missing.map((each) => each.note).join(" | "));
}

/** True when every requirement is there; for guarding beforeAll/afterAll work. */
export function allAvailable(...requirements: Requirement[]): boolean {
  return requirements.every((each) => each.available);
}

const cache = new Map<string, Promise<Requirement>>();
function once(key: string, find: () => Promise<Requirement>): Promise<Requirement> {
  let found = cache.get(key);
  if (!found) {
    found = find();
    cache.set(key, found);
  }
  return found;
}

/** bubblewrap on PATH and allowed to create namespaces here (as `tracemill doctor` checks). */
export function requireBwrap(): Promise<Requirement> {
  return once("bwrap", async () => {
    const check = await checkBubblewrap(process.env.PATH ?? "");
    return requirement(
      "bubblewrap",
      check.status === "ok" ? undefined : check.detail,
      check.fix ?? "apt-get install bubblewrap",
    );
  });
}

/** python3 with pytest, which the sandboxed verifier runs. */
export function requirePytest(): Promise<Requirement> {
  return once("pytest", async () => {
    const check = await checkPytest();
    return requirement(
      "python3 + pytest",
      check.status === "ok" ? undefined : check.detail,
      check.fix ?? "apt-get install python3 python3-pytest",
    );
  });
}

/** ffmpeg (and ffprobe): on PATH or the npm-bundled binaries. */
export function requireFfmpeg(): Promise<Requirement> {
  return once("ffmpeg", async () => {
    const checks = await Promise.all(
      (["ffmpeg", "ffprobe"] as const).map((tool) => checkMediaTool(tool, process.env.PATH ?? "")),
    );
    const failed = checks.filter((check) => check.status !== "ok");
    return requirement(
      "ffmpeg",
      failed.length === 0 ? undefined : failed.map((check) => check.detail).join("; "),
      'run "npm ci" again (it installs the bundled ffmpeg/ffprobe), or apt-get install ffmpeg',
    );
  });
}

/** A Postgres server that accepts the test admin URL (TRACEMILL_TEST_POSTGRES_URL overrides it). */
export function requirePostgres(): Promise<Requirement> {
  return once("postgres", async () => {
    const client = new pg.Client({
      connectionString: testPostgresAdminUrl,
      connectionTimeoutMillis: 5_000,
    });
    let problem: string | undefined;
    try {
      await client.connect();
    } catch (error) {
      const shown = testPostgresAdminUrl.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@");
      problem = `no Postgres server answers at ${shown} (${error instanceof Error ? error.message : String(error)})`;
    } finally {
      await client.end().catch(() => undefined);
    }
    return requirement(
      "Postgres",
      problem,
      "apt-get install postgresql and start it on 127.0.0.1:5432 with trust auth for user postgres and a database named test, or set TRACEMILL_TEST_POSTGRES_URL",
    );
  });
}

/** The Chromium browser the page tests drive (CHROMIUM_PATH overrides /usr/bin/chromium). */
export const chromiumPath = (): string => process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function requireChromium(): Promise<Requirement> {
  return once("chromium", async () => {
    const path = chromiumPath();
    let problem: string | undefined;
    try {
      await access(path, constants.X_OK);
    } catch {
      problem = `no Chromium executable at ${path}`;
    }
    return requirement(
      "Chromium",
      problem,
      "apt-get install chromium (or set CHROMIUM_PATH to a Chromium/Chrome binary)",
    );
  });
}
