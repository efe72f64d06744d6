/**
 * `viralmind.race_sessions.json`: a MongoDB export (extended JSON: `_id.$oid`, `created_at.$date`)
 * of the gym's race sessions. One file serves every session in the data folder; a session's entry
 * gives its task prompt, challenge, category and creation time (a time base when the events file
 * has no top-level `timestamp`).
 */
export interface RaceSession {
  id: string;
  prompt?: string;
  challenge?: string;
  category?: string;
  status?: string;
  /** `created_at` as epoch ms. */
  createdAtMs?: number;
}

export function findRaceSession(document: unknown, id: string): RaceSession | undefined {
  const list = Array.isArray(document) ? document : [];
  for (const entry of list) {
    if (!isRecord(entry) || oid(entry._id) !== id) continue;
    const found: RaceSession = { id };
    for (const field of ["prompt", "challenge", "category", "status"] as const) {
      const value = entry[field];
      if (typeof value === "string" && value.length > 0) found[field] = value;
    }
    const created = epochMs(entry.created_at);
    if (created !== undefined) found.createdAtMs = created;
    return found;
  }
  return undefined;
}

/**
 * Epoch milliseconds from the shapes these exports use: a number (ms), a numeric string, an ISO
 * date string, or extended JSON `{ $date: … }` / `{ $numberLong: "…" }`.
 */
export function epochMs(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value === "string") {
    if (/^\d+(\.\d+)?$/.test(value)) return Number(value);
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? undefined : parsed;
  }
  if (isRecord(value)) {
    if ("$date" in value) return epochMs(value.$date);
    if ("$numberLong" in value) return epochMs(value.$numberLong);
  }
  return undefined;
}

function oid(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (isRecord(value) && typeof value.$oid === "string") return value.$oid;
  return undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
