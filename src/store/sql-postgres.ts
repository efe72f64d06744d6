import type pg from "pg";
import { TracemillError } from "../core/errors.js";
import type { SqlClient } from "./types.js";

/** A Postgres server through a pg.Pool; a transaction holds one pooled connection throughout. */
export async function openPostgres(
  url: string,
  options: { maxConnections?: number } = {},
): Promise<SqlClient> {
  const { default: pg } = await import("pg");
  const pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 10 });
  // An idle pooled connection dropped by the server must not crash the process.
  pool.on("error", () => {});
  try {
    await pool.query("SELECT 1");
  } catch (error) {
    await pool.end();
    throw new TracemillError("unavailable", `cannot connect to Postgres at ${redactUrl(url)}`, {
      cause: error,
    });
  }
  return {
    dialect: "postgres",
    connectionString: url,
    async query<T = Record<string, unknown>>(sql: string, params?: unknown[]) {
      const result = await pool.query(sql, params);
      return { rows: result.rows as T[] };
    },
    async exec(sql: string) {
      await pool.query(sql);
    },
    async execRows(sql: string) {
      return lastRows(await pool.query(sql));
    },
    async transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
      const connection = await pool.connect();
      try {
        await connection.query("BEGIN");
        const value = await fn(connectionClient(connection, url));
        await connection.query("COMMIT");
        return value;
      } catch (error) {
        await connection.query("ROLLBACK").catch(() => {});
        throw error;
      } finally {
        connection.release();
      }
    },
    async close() {
      if (!pool.ended && !pool.ending) await pool.end();
    },
  };
}

function connectionClient(connection: pg.PoolClient, url: string): SqlClient {
  const client: SqlClient = {
    dialect: "postgres",
    connectionString: url,
    async query<T = Record<string, unknown>>(sql: string, params?: unknown[]) {
      const result = await connection.query(sql, params);
      return { rows: result.rows as T[] };
    },
    async exec(sql: string) {
      await connection.query(sql);
    },
    async execRows(sql: string) {
      return lastRows(await connection.query(sql));
    },
    // Nested calls join the open transaction rather than opening a second connection.
    transaction: (fn) => fn(client),
    async close() {},
  };
  return client;
}

/** A multi-statement text gives an array of results; callers want the last one with rows. */
function lastRows(result: pg.QueryResult | pg.QueryResult[]): {
  rows: Record<string, unknown>[];
} {
  const results = Array.isArray(result) ? result : [result];
  for (let index = results.length - 1; index >= 0; index--) {
    const item = results[index];
    if (item !== undefined && item.fields.length > 0) return { rows: item.rows };
  }
  return { rows: [] };
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== "") parsed.password = "***";
    return parsed.toString();
  } catch {
    return "<unparseable database URL>";
  }
}
