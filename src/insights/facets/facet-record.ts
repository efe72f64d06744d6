import { z } from "zod";

/** One conversation's privacy-safe facets: what the rest of the pipeline sees instead of the text. */
export const facetRecordSchema = z.strictObject({
  conversation_id: z.string().min(1),
  /** HMAC-SHA256(run salt, user_id), truncated: counts distinct users without keeping the id */
  user_key: z.string().min(1),
  summary: z.string(),
  task: z.string(),
  /** ISO 639-1 where one exists, otherwise ISO 639-3; "und" when undetermined */
  language: z.string().min(2),
  language_confidence: z.number().min(0).max(1),
  concerning_score: z.number().int().min(1).max(5),
  counts: z.strictObject({
    messages: z.number().int().nonnegative(),
    turns: z.number().int().nonnegative(),
    user_chars: z.number().int().nonnegative(),
    assistant_chars: z.number().int().nonnegative(),
  }),
  /** "offline:facets/v1" or "provider:model" */
  facet_source: z.string().min(1),
});

export type FacetRecord = z.infer<typeof facetRecordSchema>;

export const offlineFacetSource = "offline:facets/v1";
