import { mkdir } from "node:fs/promises";
import { Mutex, PGlite, type Results, type Transaction } from "@electric-sql/pglite";
import type { SqlClient } from "./types.js";

/**
 * PGlite is one connection: a statement sent while another caller sits inside BEGIN … COMMIT
 * would run inside that caller's transaction. Every top-level statement and every transaction
 * therefore takes one mutex; statements inside a transaction use the transaction's handle.
 */
export async function openPglite(dataDir?: string): Promise<SqlClient> {
  if (dataDir === undefined) return createPgliteClient(await PGlite.create());
  // PGlite makes the folder itself but not its parents (a fresh --data-dir).
  await mkdir(dataDir, { recursive: true });
  const database = await PGlite.create(dataDir);
  return createPgliteClient(database);
}

export function createPgliteClient(database: PGlite): SqlClient {
  const mutex = new Mutex();
  let closed = false;
  const client: SqlClient = {
    dialect: "pglite",
    async query<T = Record<string, unknown>>(sql: string, params?: unknown[]) {
      const result = await mutex.runExclusive(() => database.query<T>(sql, params));
      return { rows: result.rows };
    },
    async exec(sql: string) {
      await mutex.runExclusive(() => database.exec(sql));
    },
    async execRows(sql: string) {
      return lastRows(await mutex.runExclusive(() => database.exec(sql)));
    },
    async transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
      return mutex.runExclusive(() => database.transaction((tx) => fn(transactionClient(tx))));
    },
    async close() {
      if (closed) return;
      closed = true;
      // Waits for a running transaction so close never cuts one in half.
      await mutex.runExclusive(() => database.close());
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
