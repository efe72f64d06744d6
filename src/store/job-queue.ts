import { setTimeout as sleep } from "node:timers/promises";
import type PgBoss from "pg-boss";
import { TracemillError } from "../core/errors.js";
import type { JobContext, JobOptions, JobQueue, SqlClient } from "./types.js";

export interface JobQueueOptions {
  /** How often an idle worker looks for jobs; pg-boss 10 accepts 0.5 s at least. */
  pollingIntervalSeconds?: number;
  /** The Postgres schema pg-boss keeps its tables in. */
  schema?: string;
  /** A job still active after this long is failed (and retried) by pg-boss's supervisor. */
  expireInSeconds?: number;
  /**
   * How often pg-boss's supervisor fails (and so retries) jobs past their expiry; its default is
   * 120 s, which alone would delay the retry of a killed worker's job by up to two minutes.
   */
  maintenanceIntervalSeconds?: number;
  /** pg-boss reports background failures (a poll that failed) here instead of crashing. */
  onError?: (error: Error) => void;
}

const jobStates = ["created", "retry", "active"];

/**
 * Jobs through pg-boss in the catalog's own database. On Postgres pg-boss opens its own pool
 * from the connection string; on PGlite it runs through `db.executeSql` on the one PGlite
 * connection (so its statements take the same mutex as every other caller). pg-boss sends its
 * migrations as several statements without parameters, which only the simple protocol (PGlite's
 * `exec`) accepts.
 */
export function createJobQueue(sql: SqlClient, options: JobQueueOptions = {}): JobQueue {
  const schema = options.schema ?? "pgboss";
  const pollingIntervalSeconds = Math.max(0.5, options.pollingIntervalSeconds ?? 0.5);
  // pg-boss is loaded and made by start(), not here: importing the store stays light (issue 20).
  let made: PgBoss | undefined;
  const makeBoss = async (): Promise<PgBoss> => {
    if (made !== undefined) return made;
    const { default: PgBossClass } = await import("pg-boss");
    made ??= new PgBossClass({
      ...connectionFor(sql),
      schema,
      schedule: false,
      ...(options.expireInSeconds === undefined
        ? {}
        : { expireInSeconds: options.expireInSeconds }),
      ...(options.maintenanceIntervalSeconds === undefined
        ? {}
        : { maintenanceIntervalSeconds: options.maintenanceIntervalSeconds }),
    });
    made.on("error", (error) => options.onError?.(error));
    return made;
  };
  const created = new Map<string, Promise<void>>();
  let started = false;

  // pg-boss 10 refuses send/work on a queue that was never created; creating is idempotent.
  const ensureQueue = (boss: PgBoss, queue: string) => {
    let creating = created.get(queue);
    if (creating === undefined) {
      creating = boss.createQueue(queue);
      creating.catch(() => created.delete(queue));
      created.set(queue, creating);
    }
    return creating;
  };
  const requireStarted = (what: string): PgBoss => {
    if (!started || made === undefined) {
      throw new TracemillError("internal", `job queue: ${what} before start()`);
    }
    return made;
  };

  return {
    async start() {
      if (started) return;
      await (await makeBoss()).start();
      started = true;
    },
    async send(queue: string, data: Record<string, unknown>, jobOptions: JobOptions = {}) {
      const boss = requireStarted(`send to ${queue}`);
      await ensureQueue(boss, queue);
      if (jobOptions.singletonKey !== undefined) {
        const queued = await findQueuedJob(sql, schema, queue, jobOptions.singletonKey);
        if (queued !== undefined) return queued;
      }
      const id = await boss.send(queue, data, {
        ...(jobOptions.retryLimit === undefined ? {} : { retryLimit: jobOptions.retryLimit }),
        ...(jobOptions.retryDelaySeconds === undefined
          ? {}
          : { retryDelay: jobOptions.retryDelaySeconds }),
        ...(jobOptions.singletonKey === undefined ? {} : { singletonKey: jobOptions.singletonKey }),
      });
      if (id === null) {
        throw new TracemillError("conflict", `job queue ${queue}: pg-boss refused the job`);
      }
      return id;
    },
    async work(queue, handler, workOptions = {}) {
      const boss = requireStarted(`work on ${queue}`);
      await ensureQueue(boss, queue);
      // pg-boss 10 has no team size: each work() call is one polling worker.
      const concurrency = Math.max(1, workOptions.concurrency ?? 1);
      for (let index = 0; index < concurrency; index++) {
        await boss.work<Record<string, unknown>>(
          queue,
          { includeMetadata: true, batchSize: 1, pollingIntervalSeconds },
          async (jobs) => {
            for (const job of jobs) {
              const context: JobContext = {
                id: job.id,
                retryCount: job.retryCount,
                retryLimit: job.retryLimit,
              };
              await handler(job.data ?? {}, context);
            }
          },
        );
      }
    },
    async drain(queue, timeoutMs = 60_000) {
      const boss = requireStarted(`drain ${queue}`);
      await ensureQueue(boss, queue);
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if ((await boss.getQueueSize(queue, { before: "completed" })) === 0) return;
        if (Date.now() > deadline) {
          throw new TracemillError(
            "timeout",
            `job queue ${queue}: jobs still pending after ${timeoutMs} ms`,
          );
        }
        await sleep(100);
      }
    },
    async stop() {
      if (!started || made === undefined) return;
      started = false;
      // Waits for running handlers (up to the timeout) and closes only a pool pg-boss owns.
      await made.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}

function connectionFor(sql: SqlClient): PgBoss.ConstructorOptions {
  if (sql.connectionString !== undefined) {
    return { connectionString: sql.connectionString, max: 4 };
  }
  const execRows = sql.execRows?.bind(sql);
  if (execRows === undefined) {
    throw new TracemillError(
      "config_invalid",
      `job queue: the ${sql.dialect} SQL client offers neither a connection string nor execRows`,
    );
  }
  return {
    db: {
      async executeSql(text: string, values?: unknown[]) {
        if (values === undefined || values.length === 0) return execRows(text);
        return sql.query(text, values);
      },
    },
  };
}

/** The id of a job with this singleton key that is still waiting or running, if any. */
async function findQueuedJob(
  sql: SqlClient,
  schema: string,
  queue: string,
  singletonKey: string,
): Promise<string | undefined> {
  const { rows } = await sql.query<{ id: string }>(
    `SELECT id::text AS id FROM ${quoteIdentifier(schema)}.job
     WHERE name = $1 AND singleton_key = $2 AND state::text = ANY($3::text[])
     ORDER BY created_on LIMIT 1`,
    [queue, singletonKey, `{${jobStates.join(",")}}`],
  );
  return rows[0]?.id;
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
