import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { TracemillError } from "../core/errors.js";

export interface GitSource {
  repoOrigin: string;
  startCommit?: string;
  finalPatch?: string;
}

/**
 * Clones `repoOrigin` (a local path or URL) into a fresh temp folder, checks out `startCommit`
 * and applies `finalPatch`. Repository hooks never run (clone runs none, apply runs none) and
 * only the file, http(s), ssh and git transports are allowed, so a crafted origin cannot run
 * a command through `ext::`. Returns the folder; the caller removes it.
 */
export async function restoreFromGit(
  source: GitSource,
  options: { label: string; parentDir?: string; timeoutMs?: number },
): Promise<string> {
  if (source.repoOrigin.startsWith("-")) {
    throw new TracemillError(
      "input_invalid",
      `${options.label}: repo_origin may not start with "-"`,
    );
  }
  const dir = await mkdtemp(path.join(options.parentDir ?? os.tmpdir(), "tracemill-git-"));
  const timeout = options.timeoutMs ?? 120_000;
  try {
    await git(["clone", "--quiet", "--no-checkout", "--", source.repoOrigin, dir], {
      timeout,
      label: options.label,
      step: "clone",
    });
    await git(["-C", dir, "checkout", "--quiet", "--detach", source.startCommit ?? "HEAD", "--"], {
      timeout,
      label: options.label,
      step: `checkout ${source.startCommit ?? "HEAD"}`,
    });
    if (source.finalPatch !== undefined && source.finalPatch.trim() !== "") {
      await git(["-C", dir, "apply", "--whitespace=nowarn", "-"], {
        timeout,
        label: options.label,
        step: "apply the final patch",
        input: source.finalPatch,
      });
    }
    await rm(path.join(dir, ".git"), { recursive: true, force: true });
    return dir;
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

function git(
  args: string[],
  options: { timeout: number; label: string; step: string; input?: string },
): Promise<void> {
  const safety = [
    "-c",
    "protocol.allow=never",
    "-c",
    "protocol.file.allow=always",
    "-c",
    "protocol.https.allow=always",
    "-c",
    "protocol.http.allow=always",
    "-c",
    "protocol.ssh.allow=always",
    "-c",
    "protocol.git.allow=always",
    "-c",
    "core.hooksPath=/dev/null",
  ];
  return new Promise((resolve, reject) => {
    const child = execFile(
      "git",
      [...safety, ...args],
      {
        timeout: options.timeout,
        maxBuffer: 4 * 1024 * 1024,
        env: { PATH: "/usr/local/bin:/usr/bin:/bin", GIT_TERMINAL_PROMPT: "0", HOME: os.tmpdir() },
      },
      (error, _stdout, stderr) => {
        if (error === null) {
          resolve();
          return;
        }
        reject(
          new TracemillError(
            "input_invalid",
            `${options.label}: git ${options.step} failed: ${(stderr || error.message).trim().slice(0, 2000)}`,
            { cause: error },
          ),
        );
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}
