import type { SqlClient } from "./types.js";

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Any fixed number shared by every tracemill process; it names the migration lock. */
const migrationLockKey = 7_316_002_105;

/**
 * Applies the migrations not yet recorded in `tracemill_migrations`, in version order, all in
 * one transaction. The advisory lock comes first, before even creating the bookkeeping table,
 * so two processes starting at once on one Postgres wait for each other instead of racing on
 * CREATE TABLE; the second then sees the versions the first recorded and does nothing.
 * Returns the versions this call applied.
 */
export async function runMigrations(sql: SqlClient, migrations: Migration[]): Promise<number[]> {
  const ordered = [...migrations].sort((a, b) => a.version - b.version);
  return sql.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1::bigint)", [migrationLockKey]);
    await tx.exec(
      `CREATE TABLE IF NOT EXISTS tracemill_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`,
    );
    const { rows } = await tx.query<{ version: number }>(
      "SELECT version FROM tracemill_migrations",
    );
    const applied = new Set(rows.map((row) => Number(row.version)));
    const done: number[] = [];
    for (const migration of ordered) {
      if (applied.has(migration.version)) continue;
      await tx.exec(migration.sql);
      await tx.query("INSERT INTO tracemill_migrations (version, name) VALUES ($1, $2)", [
        migration.version,
        migration.name,
      ]);
      done.push(migration.version);
    }
    return done;
  });
}
