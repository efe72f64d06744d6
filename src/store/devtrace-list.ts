import { z } from "zod";
import { TracemillError } from "../core/errors.js";
import type { SealedOutline } from "../sources/devtrace/completeness.js";
import { parseQaRow, parseTraceRow } from "./devtrace-rows.js";
import type { ListedTrace } from "./types.js";

/**
 * The catalog's list page ($1 status or null, $2 limit, $3 offset), newest first, and the same
 * page joined with each trace's qa and the parts of its sealed trace that outcomeStatusOf reads,
 * cut out in SQL: the numeric `seq` of each event object, the numeric `chunk_seq` of each chunk
 * object, `skipped_chunks`, and which of count/head/seal the integrity holds. A page of 500
 * traces then moves kilobytes instead of every event and chain link. jsonpath `strict` with
 * silent errors matches numbersAt in completeness.ts: a missing or non-array list gives [], and
 * an element that is not an object with a numeric field is skipped.
 */
export const listPageStatement = `SELECT * FROM devtraces WHERE ($1::text IS NULL OR status = $1)
  ORDER BY created_at DESC, trace_id DESC LIMIT $2 OFFSET $3`;

const numbersAt = (list: string, field: string) =>
  `jsonb_path_query_array(s.trace,
    'strict $.meta.${list}[*] ? (@.${field}.type() == "number").${field}', '{}', true)`;

export const outlinePageStatement = `SELECT d.*, q.validation, q.judge,
    s.trace_id IS NOT NULL AS sealed,
    ${numbersAt("events", "seq")} AS event_seqs,
    ${numbersAt("chunks", "chunk_seq")} AS chunk_seqs,
    s.trace #> '{meta,skipped_chunks}' AS skipped_chunks,
    jsonb_typeof(s.trace -> 'integrity') AS integrity_type,
    jsonb_path_query_array(s.trace, 'strict $.integrity.keyvalue() ? (@.key == "count" ||
      @.key == "head" || @.key == "seal")', '{}', true) AS seal_fields
  FROM (${listPageStatement}) d
  LEFT JOIN devtrace_qa q ON q.trace_id = d.trace_id
  LEFT JOIN devtrace_sealed s ON s.trace_id = d.trace_id
  ORDER BY d.created_at DESC, d.trace_id DESC`;

const outlineRowSchema = z.object({
  sealed: z.boolean(),
  event_seqs: z.array(z.number()).nullable(),
  chunk_seqs: z.array(z.number()).nullable(),
  skipped_chunks: z.unknown(),
  integrity_type: z.string().nullable(),
  seal_fields: z.array(z.object({ key: z.string(), value: z.unknown() })).nullable(),
});

export function parseListedRow(row: Record<string, unknown>): ListedTrace {
  const { validation = null, judge = null } = row;
  const listed: ListedTrace = {
    record: parseTraceRow(row),
    qa: parseQaRow({ validation, judge }),
  };
  const parsed = outlineRowSchema.safeParse(row);
  if (!parsed.success) {
    throw new TracemillError(
      "internal",
      `devtrace_sealed: outline of ${listed.record.trace_id} is malformed: ${parsed.error.issues[0]?.message}`,
    );
  }
  if (parsed.data.sealed) listed.sealed = outlineOf(parsed.data);
  return listed;
}

/** The outline in the sealed trace's own shape, so the reading code cannot tell the two apart. */
function outlineOf(row: z.infer<typeof outlineRowSchema>): SealedOutline {
  const meta: SealedOutline["meta"] = {
    events: (row.event_seqs ?? []).map((seq) => ({ seq })),
    chunks: (row.chunk_seqs ?? []).map((chunk_seq) => ({ chunk_seq })),
  };
  if (row.skipped_chunks !== null) meta.skipped_chunks = row.skipped_chunks;
  // No integrity, or a JSON null, reads as a legacy seal either way (hasLegacySeal).
  if (row.integrity_type === null || row.integrity_type === "null") return { meta };
  const integrity = Object.fromEntries(
    (row.seal_fields ?? []).map((field) => [field.key, field.value]),
  ) as SealedOutline["integrity"];
  return { meta, integrity };
}
