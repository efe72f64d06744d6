import { randomBytes } from "node:crypto";
import pg from "pg";

import { isCi, testPostgresAdminUrl } from "../test-support/requirements.js";

export { testPostgresAdminUrl };

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * A fresh database for one suite, since other suites share the server at the same time.
 * Resolves undefined when no server answers, so a laptop without Postgres still runs the rest
 * (tests say why with requirePostgres() from src/test-support/requirements.ts); with CI=true it
 * throws instead.
 */
export async function createTestDatabase(label: string): Promise<TestDatabase | undefined> {
  const admin = new pg.Client({ connectionString: testPostgresAdminUrl });
  try {
    await admin.connect();
  } catch (error) {
    if (isCi()) throw error;
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
