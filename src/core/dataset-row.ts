import { z } from "zod";

/** Every dataset row carries provenance back to the trace, its steps and the source bytes. */
export const provenanceSchema = z.object({
  traceId: z.string().min(1),
  stepRange: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]),
  sourceFile: z.object({
    path: z.string().min(1),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    /** The line of the file the row came from, when it is one record of a JSONL file. */
    line: z.number().int().positive().optional(),
  }),
  gradeId: z.string().min(1).optional(),
  /**
   * Every file the row came from when there are several (a developer trace's chunks), in order;
   * `sourceFile` is the first of them. Absent for a single source file.
   */
  sourceFiles: z
    .array(z.object({ path: z.string().min(1), sha256: z.string().regex(/^[0-9a-f]{64}$/) }))
    .min(2)
    .optional(),
});
export type Provenance = z.infer<typeof provenanceSchema>;

const contentPart = z.union([
  z.object({ type: z.literal("text"), text: z.string() }),
  z.object({ type: z.literal("image"), path: z.string().optional(), data: z.string().optional() }),
]);
export const chatMessageSchema = z.object({
  role: z.enum(["system", "user", "assistant", "tool"]),
  content: z.union([z.string(), z.array(contentPart)]),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

/** Categories that may ever reach SFT: the schema itself cannot hold a rejected row. */
export const sftCategorySchema = z.enum(["accepted", "partially_accepted"]);
export const ragCategorySchema = z.enum(["accepted", "partially_accepted", "needs_human_review"]);
export const categorySchema = z.enum([
  "accepted",
  "partially_accepted",
  "rejected",
  "needs_human_review",
]);
export type Category = z.infer<typeof categorySchema>;

export const sftRowSchema = z.object({
  type: z.literal("sft"),
  id: z.string().min(1),
  category: sftCategorySchema,
  messages: z.array(chatMessageSchema).min(1),
  provenance: provenanceSchema,
});

export const preferenceRowSchema = z.object({
  type: z.literal("preference"),
  id: z.string().min(1),
  taskId: z.string().min(1),
  prompt: z.array(chatMessageSchema).min(1),
  chosen: z.array(chatMessageSchema).min(1),
  rejected: z.array(chatMessageSchema).min(1),
  chosenProvenance: provenanceSchema,
  rejectedProvenance: provenanceSchema,
});

export const ragRowSchema = z.object({
  type: z.literal("rag"),
  id: z.string().min(1),
  title: z.string(),
  content: z.string().min(1),
  tags: z.array(z.string()),
  sourceRunId: z.string().min(1),
  category: ragCategorySchema,
  embeddingText: z.string(),
  createdAt: z.string(),
  provenance: provenanceSchema,
});

export const datasetRowSchema = z.discriminatedUnion("type", [
  sftRowSchema,
  preferenceRowSchema,
  ragRowSchema,
]);
export type DatasetRow = z.infer<typeof datasetRowSchema>;
export type SftRow = z.infer<typeof sftRowSchema>;
export type PreferenceRow = z.infer<typeof preferenceRowSchema>;
export type RagRow = z.infer<typeof ragRowSchema>;
