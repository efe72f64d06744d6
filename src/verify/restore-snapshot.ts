import { lstat, mkdtemp, readdir, realpath, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Parser, ReadEntry } from "tar";
import { TracemillError } from "../core/errors.js";

export interface SnapshotLimits {
  /** Sum of the entries' sizes. */
  maxBytes: number;
  maxEntries: number;
}

export const defaultSnapshotLimits: SnapshotLimits = {
  maxBytes: 512 * 1024 * 1024,
  maxEntries: 20_000,
};

const allowedTypes = new Set([
  "File",
  "OldFile",
  "ContiguousFile",
  "Directory",
  "SymbolicLink",
  "Link",
]);

/**
 * Extracts a workspace snapshot (.tar.gz or .tar) into a fresh temp folder. The archive is read
 * twice: first every header is checked (no absolute path, no `..`, no device or fifo, no link
 * leading outside, within the byte and entry caps) and the whole archive is refused on the first
 * bad entry; only then is it unpacked, and finally every symlink is resolved on disk to prove it
 * stays inside. Returns the folder; the caller removes it.
 */
export async function restoreSnapshot(
  snapshot: Uint8Array,
  options: { label: string; limits?: Partial<SnapshotLimits>; parentDir?: string },
): Promise<string> {
  const limits = { ...defaultSnapshotLimits, ...options.limits };
  await checkSnapshot(snapshot, options.label, limits);
  const dir = await mkdtemp(path.join(options.parentDir ?? os.tmpdir(), "tracemill-ws-"));
  try {
    await unpack(snapshot, dir, options.label);
    await checkSymlinksInside(dir, options.label);
    return dir;
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** The first reason an entry is refused, or undefined. Exported for its unit tests. */
export function entryProblem(entry: {
  path: string;
  type: string;
  linkpath?: string | undefined;
}): string | undefined {
  const name = entry.path;
  if (!allowedTypes.has(entry.type)) return `entry type ${entry.type} is not allowed`;
  const pathProblem = relativePathProblem(name);
  if (pathProblem !== undefined) return pathProblem;
  if (entry.type === "SymbolicLink" || entry.type === "Link") {
    const target = entry.linkpath ?? "";
    if (target === "") return "link without a target";
    if (isAbsolute(target)) return `link target ${target} is absolute`;
    // A symlink is relative to its folder, a hard link to the archive root.
    const resolved =
      entry.type === "SymbolicLink"
        ? path.posix.normalize(path.posix.join(path.posix.dirname(name), target))
        : path.posix.normalize(target);
    if (resolved === ".." || resolved.startsWith("../")) {
      return `link target ${target} points outside the workspace`;
    }
  }
  return undefined;
}

function relativePathProblem(name: string): string | undefined {
  if (name === "") return "empty path";
  if (name.includes("\0")) return "path contains a NUL byte";
  if (isAbsolute(name)) return "absolute path";
  if (name.split(/[\\/]/).includes("..")) return "path contains ..";
  return undefined;
}

function isAbsolute(name: string): boolean {
  return name.startsWith("/") || name.startsWith("\\") || /^[a-zA-Z]:/.test(name);
}

async function checkSnapshot(
  snapshot: Uint8Array,
  label: string,
  limits: SnapshotLimits,
): Promise<void> {
  let problem: string | undefined;
  let entries = 0;
  let bytes = 0;
  const { Parser } = await import("tar");
  const parser = new Parser({
    strict: true,
    onReadEntry: (entry: ReadEntry) => {
      entries += 1;
      bytes += entry.size;
      if (problem === undefined) {
        const reason = entryProblem(entry);
        if (reason !== undefined) problem = `${label}: entry "${entry.path}": ${reason}`;
        else if (entries > limits.maxEntries) {
          problem = `${label}: more than ${limits.maxEntries} entries (at "${entry.path}")`;
        } else if (bytes > limits.maxBytes) {
          problem = `${label}: more than ${limits.maxBytes} bytes of content (at "${entry.path}")`;
        }
      }
      entry.resume();
    },
  });
  await feed(parser, snapshot, label, "end");
  if (problem !== undefined) {
    throw new TracemillError("input_invalid", `snapshot refused: ${problem}`);
  }
  if (entries === 0) {
    throw new TracemillError("input_invalid", `snapshot refused: ${label}: the archive is empty`);
  }
}

async function unpack(snapshot: Uint8Array, dir: string, label: string): Promise<void> {
  const { Unpack } = await import("tar");
  const unpacker = new Unpack({
    cwd: dir,
    strict: true,
    preservePaths: false,
    preserveOwner: false,
    // Refuse again at extraction: the check above and this filter must both let an entry pass.
    filter: (_path, entry) => !("type" in entry) || entryProblem(entry) === undefined,
  });
  await feed(unpacker, snapshot, label, "close");
}

/** A Parser is done at "end"; an Unpack only at "close", once its file writes have finished. */
function feed(
  parser: Parser,
  snapshot: Uint8Array,
  label: string,
  doneEvent: "end" | "close",
): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (error: unknown) =>
      reject(
        new TracemillError(
          "input_invalid",
          `snapshot refused: ${label}: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        ),
      );
    parser.on("error", fail);
    parser.on(doneEvent, () => resolve());
    parser.end(Buffer.from(snapshot.buffer, snapshot.byteOffset, snapshot.byteLength));
  });
}

async function checkSymlinksInside(root: string, label: string): Promise<void> {
  const realRoot = await realpath(root);
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isSymbolicLink()) {
        let target: string;
        try {
          target = await realpath(full);
        } catch {
          // A dangling link can only dangle inside: its lexical target was checked.
          continue;
        }
        if (target !== realRoot && !target.startsWith(`${realRoot}/`)) {
          throw new TracemillError(
            "input_invalid",
            `snapshot refused: ${label}: entry "${path.relative(root, full)}": symlink resolves outside the workspace`,
          );
        }
      } else if (entry.isDirectory()) {
        await walk(full);
      } else if (!entry.isFile()) {
        const stats = await lstat(full);
        throw new TracemillError(
          "input_invalid",
          `snapshot refused: ${label}: entry "${path.relative(root, full)}": not a regular file (mode ${stats.mode.toString(8)})`,
        );
      }
    }
  };
  await walk(root);
}
