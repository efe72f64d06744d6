import { describeDevtraceStoreConformance } from "./devtrace-store.conformance.js";
import { createDevtraceStore } from "./devtrace-store.js";
import { openSqlClient } from "./open-catalog.js";
import { createTestDatabase } from "./postgres-test-database.js";

describeDevtraceStoreConformance("Postgres server", async () => {
  const database = await createTestDatabase("store");
  if (database === undefined) return undefined;
  const sql = await openSqlClient(database.url, "/unused");
  return {
    store: createDevtraceStore(sql),
    async close() {
      await sql.close();
      await database.drop();
    },
  };
});
