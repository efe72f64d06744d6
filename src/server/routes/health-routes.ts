import type { FastifyInstance } from "fastify";
import { TracemillError } from "../../core/errors.js";

/** /healthz: the process answers. /readyz: the catalog answers too (503 otherwise). */
export function registerHealthRoutes(app: FastifyInstance, checkReady: () => Promise<void>): void {
  app.get("/healthz", { schema: { tags: ["health"], summary: "Process is up" } }, async () => ({
    status: "ok",
  }));
  app.get(
    "/readyz",
    { schema: { tags: ["health"], summary: "Process is up and the database answers" } },
    async () => {
      try {
        await checkReady();
      } catch (error) {
        throw new TracemillError(
          "unavailable",
          `database not ready: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        );
      }
      return { status: "ready", database: "connected" };
    },
  );
}
