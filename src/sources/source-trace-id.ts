import { deterministicId } from "../core/hash.js";
import type { SourceFile } from "../core/trace.js";

/** The one rule for a source trace's id: its format, its session id and the hashes of its input files. */
export function sourceTraceId(
  format: string,
  sessionId: string,
  files: readonly SourceFile[],
): string {
  return deterministicId("trace", { format, sessionId, files: files.map((file) => file.sha256) });
}
