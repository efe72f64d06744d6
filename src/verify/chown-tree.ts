import { lchown, readdir } from "node:fs/promises";
import path from "node:path";

/**
 * Hands a restored workspace to the sandbox user. lchown never follows a symlink, so a link in
 * the snapshot cannot make us change the owner of a file outside the tree.
 */
export async function chownTree(root: string, uid: number, gid: number): Promise<void> {
  await lchown(root, uid, gid);
  const entries = await readdir(root, { withFileTypes: true });
  for (const entry of entries) {
    const full = path.join(root, entry.name);
    if (entry.isDirectory()) await chownTree(full, uid, gid);
    else await lchown(full, uid, gid);
  }
}
