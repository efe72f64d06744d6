import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { isAbsolute, join } from "node:path";
import type { ChatMessage, SftRow } from "../../core/dataset-row.js";
import { pathExists } from "../../core/files.js";
import { sha256Hex } from "../../core/hash.js";

/**
 * Puts an SFT row's images where the chosen layout wants them: as files named by content hash
 * under `<exporterDir>/images/` (referenced as `images/<sha256>.jpg`, relative to the dataset file)
 * or inline as base64. Naming by hash makes reruns and repeated frames write the same file once.
 */
export interface ImagePlacement {
  /** Folder of the dataset file; images go to `<exporterDir>/images/`. */
  exporterDir: string;
  inline: boolean;
  dryRun: boolean;
  /** Folder that `path` image parts are relative to (the record's `baseDir`). */
  baseDir?: string;
}

export type PlacedImages =
  | { ok: true; row: SftRow; written: string[]; read: string[] }
  | { ok: false; error: string };

type ImagePart = { type: "image"; path?: string; data?: string };

export async function placeImages(row: SftRow, placement: ImagePlacement): Promise<PlacedImages> {
  const written: string[] = [];
  const read: string[] = [];
  const place = async (part: ImagePart): Promise<ImagePart> => {
    let bytes: Buffer | undefined;
    if (part.data !== undefined) {
      if (placement.inline) return { type: "image", data: part.data };
      bytes = Buffer.from(part.data, "base64");
    } else if (part.path !== undefined) {
      const source = isAbsolute(part.path) ? part.path : join(placement.baseDir ?? ".", part.path);
      bytes = await readFile(source);
      read.push(source);
      if (placement.inline) return { type: "image", data: bytes.toString("base64") };
    } else {
      throw new Error("image part has neither path nor data");
    }
    const name = `images/${sha256Hex(bytes)}.jpg`;
    const target = join(placement.exporterDir, name);
    written.push(target);
    if (!placement.dryRun && !(await pathExists(target))) {
      await mkdir(join(placement.exporterDir, "images"), { recursive: true });
      const temporary = `${target}.tmp-${process.pid}`;
      await writeFile(temporary, bytes);
      await rename(temporary, target);
    }
    return { type: "image", path: name };
  };
  try {
    const messages: ChatMessage[] = [];
    for (const message of row.messages) {
      if (typeof message.content === "string") {
        messages.push(message);
        continue;
      }
      const content: Exclude<ChatMessage["content"], string> = [];
      for (const part of message.content)
        content.push(part.type === "image" ? await place(part) : part);
      messages.push({ role: message.role, content });
    }
    return { ok: true, row: { ...row, messages }, written, read };
  } catch (error) {
    return { ok: false, error: `image: ${(error as Error).message}` };
  }
}

/**
 * After a run, the images folder holds exactly the images its dataset references: files a
 * previous run wrote for rows that are gone now are removed, so the folder matches the receipt.
 */
export async function removeStaleImages(
  exporterDir: string,
  keep: ReadonlySet<string>,
): Promise<string[]> {
  const folder = join(exporterDir, "images");
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names.sort()) {
    const path = join(folder, name);
    if (keep.has(path)) continue;
    await rm(path, { force: true });
    removed.push(path);
  }
  return removed;
}
