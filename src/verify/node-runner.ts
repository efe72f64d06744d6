import { access, realpath } from "node:fs/promises";
import path from "node:path";
import { TracemillError } from "../core/errors.js";

/**
 * The node binary that runs tracemill also runs the workspace's vitest/jest, from the
 * workspace's own node_modules: there is no network in the sandbox to fetch a runner.
 */
export async function findNodeRunner(
  workspaceDir: string,
  entry: string,
  runnerName: string,
  target: "host" | "container",
): Promise<{ node: string; readOnlyPaths: string[]; entry: string; description: string }> {
  try {
    await access(path.join(workspaceDir, entry));
  } catch {
    throw new TracemillError(
      "unavailable",
      `verify: ${runnerName} is not installed in the snapshot (${entry} missing); the sandbox has no network, so the snapshot must include node_modules`,
    );
  }
  if (target === "container") {
    return { node: "node", readOnlyPaths: [], entry, description: "node of the image" };
  }
  const node = await realpath(process.execPath);
  return {
    node,
    readOnlyPaths: [path.dirname(path.dirname(node))],
    entry,
    description: `node ${process.version} (${node})`,
  };
}
