import path from "node:path";
import { z } from "zod";
import { sandboxWorkspacePath } from "../sandbox.js";
import type { TestCaseResult } from "../types.js";
import type { ParsedReport } from "./types.js";

/** The part of the Jest JSON report (also written by vitest's json reporter) that we read. */
const assertionSchema = z.looseObject({
  ancestorTitles: z.array(z.string()).default([]),
  title: z.string(),
  status: z.string(),
});
const fileResultSchema = z.looseObject({
  name: z.string(),
  status: z.string().optional(),
  message: z.string().optional(),
  assertionResults: z.array(assertionSchema).default([]),
});
const reportSchema = z.looseObject({
  testResults: z.array(fileResultSchema),
});

/** Test names are `file > suite > title`, the file relative to the workspace. */
export function parseJestJson(text: string, source: string): ParsedReport {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return {
      cases: [],
      warnings: [
        `${source}: not valid JSON (${error instanceof Error ? error.message : String(error)})`,
      ],
    };
  }
  const parsed = reportSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      cases: [],
      warnings: [
        `${source}: ${issue?.path.join(".") ?? "?"}: ${issue?.message ?? "unexpected shape"}`,
      ],
    };
  }
  const cases: TestCaseResult[] = [];
  const warnings: string[] = [];
  for (const file of parsed.data.testResults) {
    const relative = relativeToWorkspace(file.name);
    if (file.assertionResults.length === 0 && file.status === "failed") {
      // The file failed before any test ran (syntax error, failed import).
      cases.push({ name: relative, status: "error" });
      continue;
    }
    for (const assertion of file.assertionResults) {
      cases.push({
        name: [relative, ...assertion.ancestorTitles, assertion.title].join(" > "),
        status: statusOf(assertion.status, warnings, source),
      });
    }
  }
  return { cases, warnings };
}

function statusOf(status: string, warnings: string[], source: string): TestCaseResult["status"] {
  switch (status) {
    case "passed":
      return "passed";
    case "failed":
      return "failed";
    case "pending":
    case "skipped":
    case "todo":
    case "disabled":
      return "skipped";
    default:
      warnings.push(`${source}: unknown test status "${status}" counted as an error`);
      return "error";
  }
}

function relativeToWorkspace(file: string): string {
  if (file.startsWith(`${sandboxWorkspacePath}/`)) {
    return path.posix.relative(sandboxWorkspacePath, file);
  }
  return file;
}
