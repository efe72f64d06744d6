import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devtraceMigrations } from "./devtrace-schema.js";
import { runMigrations } from "./migrations.js";
import { createTestDatabase, type TestDatabase } from "./postgres-test-database.js";
import { openPglite } from "./sql-pglite.js";
import { openPostgres } from "./sql-postgres.js";
import type { SqlClient } from "./types.js";

async function expectTransactionSemantics(sql: SqlClient): Promise<void> {
  await sql.exec("CREATE TABLE letters (letter text PRIMARY KEY); CREATE TABLE other (n int)");
  // A statement from another caller, sent while a transaction is open, must not join it: here
  // the transaction rolls back, and "b" must survive.
  const rolledBack = sql
    .transaction(async (tx) => {
      await tx.query("INSERT INTO letters VALUES ($1)", ["a"]);
      await sleep(50);
      throw new Error("undo a");
    })
    .catch((error: unknown) => error);
  await sleep(10);
  await sql.query("INSERT INTO letters VALUES ($1)", ["b"]);
  expect(await rolledBack).toBeInstanceOf(Error);
  const committed = await sql.transaction(async (tx) => {
    await tx.query("INSERT INTO letters VALUES ($1)", ["c"]);
    return tx.transaction(async (nested) => {
      await nested.query("INSERT INTO letters VALUES ($1)", ["d"]);
      return "done";
    });
  });
  expect(committed).toBe("done");
  const { rows } = await sql.query<{ letter: string }>(
    "SELECT letter FROM letters ORDER BY letter",
  );
  expect(rows.map((row) => row.letter)).toEqual(["b", "c", "d"]);
  const last = await sql.execRows?.(
    "SELECT 1 AS one; SELECT letter FROM letters WHERE false; SELECT 2 AS two",
  );
  expect(last).toEqual({ rows: [{ two: 2 }] });
}

describe("PGlite SqlClient", () => {
  it("serialises callers around a transaction and rolls back on throw", async () => {
    const sql = await openPglite();
    try {
      expect(sql.connectionString).toBeUndefined();
      await expectTransactionSemantics(sql);
    } finally {
      await sql.close();
    }
  });
});

describe("Postgres SqlClient", () => {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase("sql");
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("keeps a transaction on one connection and rolls back on throw", async (context) => {
    if (database === undefined) return context.skip();
    const sql = await openPostgres(database.url);
    try {
      expect(sql.connectionString).toBe(database.url);
      await expectTransactionSemantics(sql);
    } finally {
      await sql.close();
    }
  });

  it("migrates once when two processes start at the same time", async (context) => {
    if (database === undefined) return context.skip();
    const clients = await Promise.all([openPostgres(database.url), openPostgres(database.url)]);
    try {
      const applied = await Promise.all(
        clients.map((client) => runMigrations(client, devtraceMigrations)),
      );
      expect(applied.flat()).toEqual([1]);
      const { rows } = await (clients[0] as SqlClient).query<{ version: number }>(
        "SELECT version FROM tracemill_migrations",
      );
      expect(rows).toEqual([{ version: 1 }]);
    } finally {
      await Promise.all(clients.map((client) => client.close()));
    }
  });

  it("names the server, without its password, when it cannot connect", async () => {
    await expect(openPostgres("postgres://me:hunter2@127.0.0.1:1/none")).rejects.toThrow(
      /cannot connect to Postgres at postgres:\/\/me:\*\*\*@127\.0\.0\.1:1\/none/,
    );
  });
});
