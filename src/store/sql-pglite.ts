import { mkdir } from "node:fs/promises";
import type { Mutex, PGlite, Results, Transaction } from "@electric-sql/pglite";
import type { SqlClient } from "./types.js";

/**
 * PGlite is one connection: a statement sent while another caller sits inside BEGIN … COMMIT
 * would run inside that caller's transaction. Every top-level statement and every transaction
 * therefore takes one mutex; statements inside a transaction use the transaction's handle.
 */
export async function openPglite(dataDir?: string): Promise<SqlClient> {
  // Loaded here, not at import: only the devtrace service and worker need a database (issue 20).
  const { PGlite } = await import("@electric-sql/pglite");
  if (dataDir === undefined) return createPgliteClient(await PGlite.create());
  // PGlite makes the folder itself but not its parents (a fresh --data-dir).
  await mkdir(dataDir, { recursive: true });
  const database = await PGlite.create(dataDir);
  return createPgliteClient(database);
}

export function createPgliteClient(database: PGlite): SqlClient {
  // The caller already loaded PGlite to make `database`, so this import costs nothing more.
  let mutex: Promise<Mutex> | undefined;
  const runExclusive = async <T>(fn: () => Promise<T>): Promise<T> => {
    mutex ??= import("@electric-sql/pglite").then((pglite) => new pglite.Mutex());
    return (await mutex).runExclusive(fn);
  };
  let closed = false;
  const client: SqlClient = {
    dialect: "pglite",
    async query<T = Record<string, unknown>>(sql: string, params?: unknown[]) {
      const result = await runExclusive(() => database.query<T>(sql, params));
      return { rows: result.rows };
    },
    async exec(sql: string) {
      await runExclusive(() => database.exec(sql));
    },
    async execRows(sql: string) {
      return lastRows(await runExclusive(() => database.exec(sql)));
    },
    async transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
      return runExclusive(() => database.transaction((tx) => fn(transactionClient(tx))));
    },
    async close() {
      if (closed) return;
      closed = true;
      // Waits for a running transaction so close never cuts one in half.
      await runExclusive(() => database.close());
    },
  };
  return client;
}

function transactionClient(tx: Transaction): SqlClient {
  const client: SqlClient = {
    dialect: "pglite",
    async query<T = Record<string, unknown>>(sql: string, params?: unknown[]) {
      const result = await tx.query<T>(sql, params);
      return { rows: result.rows };
    },
    async exec(sql: string) {
      await tx.exec(sql);
    },
    async execRows(sql: string) {
      return lastRows(await tx.exec(sql));
    },
    // Nested calls join the open transaction: PGlite has one connection and one transaction.
    transaction: (fn) => fn(client),
    async close() {},
  };
  return client;
}

/** Rows of the last statement that returns rows, as node-postgres gives for one statement. */
function lastRows(results: Results[]): { rows: Record<string, unknown>[] } {
  for (let index = results.length - 1; index >= 0; index--) {
    const result = results[index];
    if (result !== undefined && result.fields.length > 0) {
      return { rows: result.rows as Record<string, unknown>[] };
    }
  }
  return { rows: [] };
}
