import { readFile, realpath } from "node:fs/promises";
import { extname, resolve, sep } from "node:path";
import { TracemillError } from "../core/errors.js";

const imageTypes: Record<string, string> = {
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".png": "image/png",
  ".webp": "image/webp",
  ".gif": "image/gif",
};

/** Reads an image file that really lies inside `root` (after resolving links). */
export async function readInside(
  root: string,
  path: string,
): Promise<{ bytes: Buffer; mimeType: string }> {
  const mimeType = imageTypes[extname(path).toLowerCase()];
  if (mimeType === undefined || path.includes("\0")) {
    throw new TracemillError("not_found", `not an image: ${path}`);
  }
  let real: string;
  let base: string;
  try {
    base = await realpath(root);
    real = await realpath(resolve(root, path));
  } catch {
    throw new TracemillError("not_found", `no file ${path}`);
  }
  if (!real.startsWith(base + sep)) throw new TracemillError("not_found", `no file ${path}`);
  return { bytes: await readFile(real), mimeType };
}
