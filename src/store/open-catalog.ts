import { join } from "node:path";
import { openPglite } from "./sql-pglite.js";
import { openPostgres } from "./sql-postgres.js";
import type { SqlClient } from "./types.js";

/** True for a database spec that names a Postgres server rather than a PGlite folder. */
export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db);
}

/**
 * `--db`: a postgres:// or postgresql:// URL opens a server; a folder (or nothing, meaning
 * `<defaultDir>/catalog`) opens PGlite embedded in that folder.
 */
export async function openSqlClient(
  db: string | undefined,
  defaultDir: string,
): Promise<SqlClient> {
  if (db !== undefined && isPostgresUrl(db)) return openPostgres(db);
  return openPglite(db ?? join(defaultDir, "catalog"));
}
