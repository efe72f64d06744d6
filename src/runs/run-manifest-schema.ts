import { z } from "zod";
import { runSchemaId, runStatuses, stageStatuses } from "./run-manifest.js";

/**
 * The zod schemas of a run folder's files: the authority on what a valid manifest or warning
 * is, and the source of their types and error messages. Kept apart from run-manifest.ts so that
 * reading a valid run (`runs list`) need not load zod; see run-manifest-check.ts.
 */
export const runInputSchema = z.object({
  path: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().nonnegative(),
});

export const stageStateSchema = z.object({
  status: z.enum(stageStatuses),
  itemsDone: z.number().int().nonnegative(),
  startedAt: z.string().optional(),
  endedAt: z.string().optional(),
});

export const runManifestSchema = z.object({
  schema: z.literal(runSchemaId),
  id: z.string().min(1),
  command: z.string().min(1),
  createdAt: z.string(),
  updatedAt: z.string(),
  toolVersion: z.string(),
  status: z.enum(runStatuses),
  inputs: z.array(runInputSchema),
  configFingerprint: z.string().regex(/^[0-9a-f]{64}$/),
  config: z.unknown(),
  stages: z.record(z.string(), stageStateSchema),
  pid: z.number().int(),
  hostname: z.string(),
});

export const runWarningSchema = z.object({
  stage: z.string(),
  item: z.string().optional(),
  file: z.string().optional(),
  line: z.number().int().optional(),
  code: z.string().min(1),
  message: z.string(),
  t: z.string(),
});
