import { z } from "zod";
import { TracemillError } from "../core/errors.js";
import type { SandboxLimits } from "./types.js";

/** Defaults from issue 5: generous enough for a real test suite, small enough to stop abuse. */
export const defaultSandboxLimits: SandboxLimits = {
  cpuSeconds: 60,
  memoryMb: 2048,
  maxProcesses: 256,
  wallSeconds: 120,
  maxOutputBytes: 1024 * 1024,
};

/** Largest file a sandboxed command may write (RLIMIT_FSIZE); not part of the request contract. */
export const sandboxMaxFileBytes = 256 * 1024 * 1024;
/** Size of the sandbox's private /tmp (a tmpfs lives in memory, so it is capped too). */
export const sandboxTmpBytes = 256 * 1024 * 1024;

const limitsSchema = z.strictObject({
  cpuSeconds: z.number().int().positive().max(86_400).optional(),
  memoryMb: z.number().int().min(16).max(1_048_576).optional(),
  maxProcesses: z.number().int().min(1).max(65_536).optional(),
  wallSeconds: z.number().positive().max(86_400).optional(),
  maxOutputBytes: z
    .number()
    .int()
    .min(1024)
    .max(1024 * 1024 * 1024)
    .optional(),
});

export function resolveSandboxLimits(partial: Partial<SandboxLimits> = {}): SandboxLimits {
  const parsed = limitsSchema.safeParse(partial);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TracemillError(
      "input_invalid",
      `verify limits: ${issue?.path.join(".") ?? "?"}: ${issue?.message ?? "invalid"}`,
    );
  }
  const limits = { ...defaultSandboxLimits };
  for (const [key, value] of Object.entries(parsed.data) as [keyof SandboxLimits, number][]) {
    if (value !== undefined) limits[key] = value;
  }
  return limits;
}
