import { randomBytes } from "node:crypto";
import pg from "pg";

/** The CI Postgres server (trust auth); override with TRACEMILL_TEST_POSTGRES_URL. */
export const testPostgresAdminUrl =
  process.env.TRACEMILL_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * A fresh database for one suite, since other suites share the server at the same time.
 * Resolves undefined (with the reason on stderr) when no server answers, so a laptop without
 * Postgres still runs the rest; in CI the server is there.
 */
export async function createTestDatabase(label: string): Promise<TestDatabase | undefined> {
  const admin = new pg.Client({ connectionString: testPostgresAdminUrl });
  try {
    await admin.connect();
  } catch (error) {
    process.stderr.write(
      `skipping Postgres tests: no server at ${testPostgresAdminUrl} (${String(error)})\n`,
    );
    return undefined;
  }
  const name = `tracemill_${label}_${randomBytes(6).toString("hex")}`;
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(testPostgresAdminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const dropper = new pg.Client({ connectionString: testPostgresAdminUrl });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}
