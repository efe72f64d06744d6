import { z } from "zod";
import { strategies } from "./strategies.js";

/**
 * `trajectory_0_<episode>.corrections.json` beside each corrected episode: who answered (a model,
 * or the offline baseline, said so), every segment with its request hash and outcome, and every
 * change with its value before and after. No timestamps, so a rerun writes the same bytes.
 */
export const sidecarSchemaId = "tracemill.robot-corrections/v1";

const valueSchema = z.union([z.array(z.number()), z.number(), z.boolean(), z.null()]);

export const sidecarSchema = z.object({
  schema: z.literal(sidecarSchemaId),
  session: z.string(),
  episode: z.number().int(),
  source: z.object({ path: z.string(), sha256: z.string() }),
  strategy: z.enum(strategies),
  judge: z.object({
    name: z.string().describe("provider:model, or offline:smoothing/v1 for the offline baseline"),
    offline: z.boolean(),
  }),
  segments: z.array(
    z.object({
      start: z.number().int(),
      end: z.number().int(),
      contextStart: z.number().int(),
      requestHash: z.string(),
      status: z.enum(["corrected", "uncorrected"]),
      attempts: z.number().int().nonnegative(),
      model: z.string().optional(),
      cached: z.boolean().optional(),
      direction: z.string().optional(),
      reason: z.string().optional(),
      problem: z.string().optional(),
    }),
  ),
  changes: z.array(
    z.object({
      index: z.number().int(),
      field: z.enum(["action", "weight", "include"]),
      before: valueSchema,
      after: valueSchema,
      model: z.string(),
      requestHash: z.string(),
      strategy: z.enum(strategies),
    }),
  ),
});
export type Sidecar = z.infer<typeof sidecarSchema>;
export type SidecarSegment = Sidecar["segments"][number];
