import { z } from "zod";

/** The label rules both labellers follow: a name of at most 10 words, a description of 1–2 sentences. */
export const maxNameWords = 10;

export function wordCount(text: string): number {
  return text.trim().split(/\s+/).filter(Boolean).length;
}

export function sentenceCount(text: string): number {
  return text
    .split(/(?<=[.!?])\s+/)
    .map((part) => part.trim())
    .filter((part) => /[\p{L}\p{N}]/u.test(part)).length;
}

export const clusterLabelSchema = z.object({
  name: z
    .string()
    .min(1)
    .refine((name) => wordCount(name) <= maxNameWords, {
      message: `name must be at most ${maxNameWords} words`,
    }),
  description: z
    .string()
    .min(1)
    .refine((text) => {
      const count = sentenceCount(text);
      return count >= 1 && count <= 2;
    }, "description must be 1 or 2 sentences"),
});
export type ClusterLabelAnswer = z.infer<typeof clusterLabelSchema>;

/** The text fields of a facet record that labelling reads (FacetRecord has them all). */
export interface FacetText {
  conversation_id: string;
  user_key: string;
  summary: string;
  task: string;
}

export function capitalize(text: string): string {
  return text.length === 0 ? text : text[0]!.toUpperCase() + text.slice(1);
}

/** "a", "a and b", "a, b and c". */
export function joinTerms(terms: string[]): string {
  if (terms.length <= 1) return terms.join("");
  return `${terms.slice(0, -1).join(", ")} and ${terms.at(-1)}`;
}
