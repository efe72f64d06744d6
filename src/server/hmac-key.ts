import { randomBytes } from "node:crypto";
import { chmod, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { TracemillError } from "../core/errors.js";
import { ensurePrivateDir } from "../core/files.js";

/**
 * The hash-chain key: the flag, else TRACEMILL_HMAC_KEY (passed in, not read here), else a key
 * generated once and kept in `<dataDir>/hmac.key` (mode 0600) so restarts keep verifying old traces.
 */
export interface ResolvedHmacKey {
  key: string;
  source: "flag" | "environment" | "file" | "generated";
  path?: string;
}

export const hmacKeyFileName = "hmac.key";

export async function resolveHmacKey(options: {
  flag?: string;
  environment?: string;
  dataDir: string;
}): Promise<ResolvedHmacKey> {
  if (options.flag !== undefined && options.flag !== "")
    return { key: options.flag, source: "flag" };
  if (options.environment !== undefined && options.environment !== "") {
    return { key: options.environment, source: "environment" };
  }
  const path = join(options.dataDir, hmacKeyFileName);
  const existing = await readKeyFile(path);
  if (existing !== undefined) return { key: existing, source: "file", path };
  await ensurePrivateDir(options.dataDir);
  const key = randomBytes(32).toString("hex");
  try {
    // "wx": when two processes start at once, the second reads the first one's key.
    await writeFile(path, `${key}\n`, { mode: 0o600, flag: "wx" });
    await chmod(path, 0o600);
    return { key, source: "generated", path };
  } catch (error) {
    const raced = await readKeyFile(path);
    if (raced !== undefined) return { key: raced, source: "file", path };
    throw new TracemillError("io", `cannot write the HMAC key to ${path}: ${String(error)}`, {
      cause: error,
    });
  }
}

async function readKeyFile(path: string): Promise<string | undefined> {
  try {
    const text = (await readFile(path, "utf8")).trim();
    if (text === "")
      throw new TracemillError("config_invalid", `the HMAC key file ${path} is empty`);
    return text;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}
