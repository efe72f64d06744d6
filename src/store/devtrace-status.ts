import {
  type DevtraceOutcomeStatus,
  outcomeStatusOf,
  type SealedOutline,
} from "../sources/devtrace/completeness.js";
import type { DevtraceQa, DevtraceRecord } from "./types.js";

/**
 * How a stored developer trace reads to anyone who shows it: the HTTP API (GET /v1/traces and
 * GET /v1/traces/{id}) and the viewer's live-store list and trace page all call statusFieldsOf,
 * so one trace never reads two ways.
 */

/** `validated` only when every chunk arrived and the tests ran; else incomplete/unverified. */
export type DevtraceReadStatus =
  | DevtraceRecord["status"]
  | Exclude<DevtraceOutcomeStatus, "validated">;

/** The status fields GET /v1/traces/{id}, the list and the viewer all show for a record. */
export interface TraceStatusFields {
  status: DevtraceReadStatus;
  /** Why a finished trace reads incomplete or unverified. */
  status_reason?: string;
  failure_reason?: string;
  /** Given up by an operator (POST …/abandon) before it was completed. */
  abandoned?: true;
}

/** How an abandoned trace's failure_reason starts; GET shows `abandoned: true` for it. */
export const abandonedPrefix = "abandoned";

export function isAbandoned(record: Pick<DevtraceRecord, "status" | "failure_reason">): boolean {
  return record.status === "failed" && (record.failure_reason ?? "").startsWith(abandonedPrefix);
}

/**
 * The catalog status, except that a validated trace reads what its seal and tests earn
 * (outcomeStatusOf: incomplete / unverified / validated) with the reason; plus the failure reason
 * and whether it was abandoned. A trace that is sealed but not yet verified (`completed`) reads
 * `completed`. `sealed` is the whole sealed trace or its outline; both read the same.
 */
export function statusFieldsOf(
  record: DevtraceRecord,
  sealed: SealedOutline | undefined,
  validation: DevtraceQa["validation"],
): TraceStatusFields {
  const outcome =
    record.status === "validated" && sealed !== undefined
      ? outcomeStatusOf(sealed, validation)
      : undefined;
  return {
    status: outcome?.status ?? record.status,
    ...(outcome?.reason === undefined ? {} : { status_reason: outcome.reason }),
    ...(record.failure_reason === undefined ? {} : { failure_reason: record.failure_reason }),
    ...(isAbandoned(record) ? { abandoned: true as const } : {}),
  };
}
