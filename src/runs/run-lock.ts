import { randomBytes } from "node:crypto";
import { link, readFile, rename, stat, unlink, utimes, writeFile } from "node:fs/promises";
import { TracemillError } from "../core/errors.js";
import { processIsAlive } from "../core/stale-temporaries.js";

// Hand-written, not proper-lockfile: a dead pid on this host is seen at once; mtime staleness alone makes a killed run wait.
export const lockStaleMs = 10 * 60 * 1000;
export const lockHeartbeatMs = 30 * 1000;

export interface LockInfo {
  pid: number;
  hostname: string;
  startedAt: string;
}

export type LockState =
  | { kind: "free" }
  | {
      kind: "held";
      lock?: LockInfo;
      raw: string;
      reason: "live-process" | "other-host" | "unreadable";
    }
  | { kind: "stale"; lock?: LockInfo; raw: string; reason: "dead-process" | "expired" };

export interface LockHandle {
  /** The dead or expired lock this acquisition replaced, if any. */
  takenOver?: LockInfo;
  release(): Promise<void>;
}

export async function inspectLock(
  path: string,
  options: { hostname: string; staleMs?: number },
): Promise<LockState> {
  let raw: string;
  let modifiedMs: number;
  try {
    raw = await readFile(path, "utf8");
    modifiedMs = (await stat(path)).mtimeMs;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { kind: "free" };
    throw error;
  }
  const lock = parseLock(raw);
  const expired = Date.now() - modifiedMs > (options.staleMs ?? lockStaleMs);
  if (lock && lock.hostname === options.hostname) {
    return processIsAlive(lock.pid)
      ? { kind: "held", lock, raw, reason: "live-process" }
      : { kind: "stale", lock, raw, reason: "dead-process" };
  }
  if (expired)
    return lock
      ? { kind: "stale", lock, raw, reason: "expired" }
      : { kind: "stale", raw, reason: "expired" };
  return lock
    ? { kind: "held", lock, raw, reason: "other-host" }
    : { kind: "held", raw, reason: "unreadable" };
}

/**
 * Creates the lock with O_EXCL ("wx"). A lock of a dead process on this host, or one from another
 * host whose heartbeat stopped longer than staleMs ago, is taken over; a live one is refused.
 */
export async function acquireLock(
  path: string,
  owner: LockInfo,
  options: { staleMs?: number; heartbeatMs?: number; label?: string } = {},
): Promise<LockHandle> {
  const content = `${JSON.stringify(owner)}\n`;
  let takenOver: LockInfo | undefined;
  for (let attempt = 0; attempt < 5; attempt += 1) {
    try {
      await writeFile(path, content, { flag: "wx" });
      return holdLock(path, owner, takenOver, options.heartbeatMs ?? lockHeartbeatMs);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const state = await inspectLock(path, { hostname: owner.hostname, staleMs: options.staleMs });
    if (state.kind === "held") {
      throw lockedError(options.label ?? path, state, options.staleMs ?? lockStaleMs);
    }
    if (state.kind === "stale" && (await removeStaleLock(path, state.raw))) {
      takenOver = state.lock ?? { pid: 0, hostname: "unknown", startedAt: "unknown" };
    }
  }
  throw new TracemillError(
    "locked",
    `${options.label ?? path}: could not acquire the lock (contended)`,
  );
}

function holdLock(
  path: string,
  owner: LockInfo,
  takenOver: LockInfo | undefined,
  heartbeatMs: number,
): LockHandle {
  // The heartbeat keeps the mtime fresh so other hosts can tell a live run from an abandoned one.
  const timer = setInterval(() => {
    const now = new Date();
    utimes(path, now, now).catch(() => undefined);
  }, heartbeatMs);
  timer.unref();
  let released = false;
  return {
    ...(takenOver ? { takenOver } : {}),
    async release() {
      if (released) return;
      released = true;
      clearInterval(timer);
      const current = parseLock(await readFile(path, "utf8").catch(() => ""));
      if (current && current.pid === owner.pid && current.hostname === owner.hostname) {
        await unlink(path).catch(() => undefined);
      }
    },
  };
}

/** Moves the stale lock aside, then checks it is still the one judged stale (another process may have raced us). */
async function removeStaleLock(path: string, judgedRaw: string): Promise<boolean> {
  const aside = `${path}.stale-${process.pid}-${randomBytes(4).toString("hex")}`;
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
  const movedRaw = await readFile(aside, "utf8").catch(() => "");
  if (movedRaw !== judgedRaw) {
    await link(aside, path).catch(() => undefined);
    await unlink(aside).catch(() => undefined);
    return false;
  }
  await unlink(aside).catch(() => undefined);
  return true;
}

function lockedError(
  label: string,
  state: Extract<LockState, { kind: "held" }>,
  staleMs: number,
): TracemillError {
  const since = state.lock ? ` since ${state.lock.startedAt}` : "";
  const why =
    state.reason === "live-process"
      ? `held by live pid ${state.lock?.pid} on this host${since}`
      : state.reason === "other-host"
        ? `held by pid ${state.lock?.pid} on host ${state.lock?.hostname}${since} (taken over once its heartbeat is older than ${Math.round(staleMs / 60_000)} min)`
        : "held by an unreadable lock file that is still fresh";
  return new TracemillError("locked", `${label} is locked: ${why}`, {
    details: { lock: state.lock, reason: state.reason },
  });
}

export function parseLock(raw: string): LockInfo | undefined {
  try {
    const value = JSON.parse(raw) as Partial<LockInfo>;
    if (typeof value.pid === "number" && typeof value.hostname === "string") {
      return { pid: value.pid, hostname: value.hostname, startedAt: String(value.startedAt ?? "") };
    }
  } catch {
    // An unparsable lock is judged by its age below.
  }
  return undefined;
}
