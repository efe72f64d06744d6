import { z } from "zod";
import { cropInfoSchema, originSchema, stepSchema } from "../core/trace.js";

/**
 * results.json: the ordered processed events of one session, one per Trace step. Pointer
 * coordinates are PHYSICAL pixels (as in the video); `logical` repeats them in logical points
 * (physical / screen scale) so either space can be read without the trace.
 */

const point = z.tuple([z.number(), z.number()]);

export const resultsFrameSchema = z.object({
  path: z.string().min(1).describe("relative to the session's output folder"),
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
  crop: cropInfoSchema
    .optional()
    .describe("the region of the video (physical pixels) the image shows"),
});

export const resultsEventSchema = z.looseObject({
  index: z.number().int().nonnegative(),
  t: z.number().describe("seconds from the session start"),
  timestamp: z.number().int().describe("epoch milliseconds"),
  actor: stepSchema.shape.actor,
  kind: stepSchema.shape.kind,
  type: z.string().min(1).describe('the action type, or "message" / "observation"'),
  // Action fields, copied from the step's action (physical pixels).
  x: z.number().optional(),
  y: z.number().optional(),
  button: z.enum(["left", "right", "middle"]).optional(),
  // A drag's points; a string only for non-screen actions (an edited file's path).
  path: z.union([z.array(point), z.string()]).optional(),
  dx: z.number().optional(),
  dy: z.number().optional(),
  keys: z.array(z.string()).optional(),
  app: z.string().optional(),
  title: z.string().optional(),
  logical: z
    .object({ x: z.number(), y: z.number(), path: z.array(point).optional() })
    .optional()
    .describe("pointer position in logical points: physical / scale"),
  text: z.string().optional(),
  note: z.string().optional().describe("the step's own text when the action also has a text"),
  signal: stepSchema.shape.signal,
  target: stepSchema.shape.target,
  outsideRecording: z
    .boolean()
    .optional()
    .describe("the point lies outside the recorded display: no marker is drawn"),
  frame: resultsFrameSchema.optional(),
  origin: originSchema,
});

export const resultsSchema = z.array(resultsEventSchema);

export type ResultsEvent = z.infer<typeof resultsEventSchema>;
export type ResultsFrame = z.infer<typeof resultsFrameSchema>;
