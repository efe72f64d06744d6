import { access, readFile } from "node:fs/promises";
import { writeJsonAtomic } from "../../core/files.js";
import { type Grade, gradeSchema } from "../../core/grade.js";
import { safeJoin } from "../../core/safe-path.js";
import type { Trace } from "../../core/trace.js";

/**
 * What a resumed `insights grade` keeps: the grade.json a previous process wrote for a
 * conversation whose item is done, when it still reads as a Grade of this very Trace. Undefined
 * (missing, torn, not a Grade, another trace's) means the conversation is graded again. A missing
 * trace.json beside a good grade is written again: the redacted Trace is the same bytes every time.
 */
export async function readKeptGrade(
  out: string,
  folder: string,
  trace: Trace,
): Promise<Grade | undefined> {
  let grade: Grade;
  try {
    const text = await readFile(safeJoin(out, folder, "grade.json"), "utf8");
    const parsed = gradeSchema.safeParse(JSON.parse(text));
    if (!parsed.success) return undefined;
    grade = parsed.data;
  } catch {
    return undefined;
  }
  if (grade.traceId !== trace.id) return undefined;
  const tracePath = safeJoin(out, folder, "trace.json");
  await access(tracePath).catch(() => writeJsonAtomic(tracePath, trace));
  return grade;
}
