import type { SealedOutline } from "../sources/devtrace/completeness.js";
import { parseQaRow, parseTraceRow } from "./devtrace-rows.js";
import type { ListedTrace } from "./types.js";

/**
 * The catalog's list page ($1 status or null, $2 limit, $3 offset), newest first, and the same
 * page joined with each trace's qa and sealed outline. The outline is cut from the sealed jsonb
 * in SQL — each chunk's chunk_seq, each event's seq, skipped_chunks, integrity without its
 * links — keeping the trace's shape, so outcomeStatusOf reads it exactly as it reads the whole
 * trace while a page of 500 traces moves kilobytes instead of every event.
 */
export const listPageStatement = `SELECT * FROM devtraces WHERE ($1::text IS NULL OR status = $1)
  ORDER BY created_at DESC, trace_id DESC LIMIT $2 OFFSET $3`;

/** Each element of the array at `path` as {field: element->field}; null when it is no array. */
function fieldOfEach(path: string, field: string): string {
  return `CASE WHEN jsonb_typeof(${path}) = 'array' THEN (
    SELECT COALESCE(jsonb_agg(jsonb_build_object('${field}', item -> '${field}')), '[]'::jsonb)
    FROM jsonb_array_elements(${path}) AS items(item)) END`;
}

const outline = `jsonb_build_object('meta', jsonb_build_object(
      'chunks', ${fieldOfEach("s.trace #> '{meta,chunks}'", "chunk_seq")},
      'events', ${fieldOfEach("s.trace #> '{meta,events}'", "seq")},
      'skipped_chunks', s.trace #> '{meta,skipped_chunks}'))
    || CASE WHEN s.trace ? 'integrity' THEN jsonb_build_object('integrity',
      CASE WHEN jsonb_typeof(s.trace -> 'integrity') = 'object'
        THEN (s.trace -> 'integrity') - 'links' ELSE s.trace -> 'integrity' END)
      ELSE '{}'::jsonb END`;

export const outlinePageStatement = `SELECT d.*, q.validation, q.judge,
    CASE WHEN s.trace_id IS NULL THEN NULL ELSE ${outline} END AS sealed_outline
  FROM (${listPageStatement}) d
  LEFT JOIN devtrace_qa q ON q.trace_id = d.trace_id
  LEFT JOIN devtrace_sealed s ON s.trace_id = d.trace_id
  ORDER BY d.created_at DESC, d.trace_id DESC`;

export function parseListedRow(row: Record<string, unknown>): ListedTrace {
  const { validation = null, judge = null, sealed_outline: sealed = null } = row;
  return {
    record: parseTraceRow(row),
    qa: parseQaRow({ validation, judge }),
    ...(sealed === null ? {} : { sealed: sealed as SealedOutline }),
  };
}
