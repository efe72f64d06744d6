import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TracemillError } from "../core/errors.js";
import { allAvailable, type Requirement, skipWithout } from "../test-support/requirements.js";
import { createJobQueue } from "./job-queue.js";
import type { JobContext, JobQueue, SqlClient } from "./types.js";

/** The job queue's behaviour on one database (PGlite or Postgres). */
export function describeJobQueueConformance(
  name: string,
  open: () => Promise<{ sql: SqlClient; close(): Promise<void> } | undefined>,
  requirements: Requirement[] = [],
): void {
  describe(`JobQueue: ${name}`, () => {
    skipWithout(...requirements);
    let opened: { sql: SqlClient; close(): Promise<void> } | undefined;
    let jobs: JobQueue | undefined;
    const queue = () => {
      if (jobs === undefined) throw new Error("queue not started");
      return jobs;
    };
    beforeAll(async () => {
      if (!allAvailable(...requirements)) return;
      opened = await open();
      if (opened === undefined) return;
      jobs = createJobQueue(opened.sql, { pollingIntervalSeconds: 0.5 });
      await jobs.start();
    });
    afterAll(async () => {
      await jobs?.stop();
      await opened?.close();
    });
    const test = (title: string, body: () => Promise<void>) =>
      it(title, async (context) => {
        if (opened === undefined) context.skip();
        await body();
      });

    test("a sent job reaches its worker with its data and a first-attempt context", async () => {
      const seen: { data: Record<string, unknown>; job: JobContext }[] = [];
      await queue().work("test.echo", async (data, job) => {
        seen.push({ data, job });
      });
      const id = await queue().send("test.echo", { traceId: "dt_1", nested: { n: 1 } });
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      await queue().drain("test.echo", 30_000);
      expect(seen).toEqual([
        {
          data: { traceId: "dt_1", nested: { n: 1 } },
          job: { id, retryCount: 0, retryLimit: expect.any(Number) },
        },
      ]);
    });

    test("a throwing handler is retried until retryCount equals retryLimit", async () => {
      const attempts: JobContext[] = [];
      await queue().work("test.flaky", async (_data, job) => {
        attempts.push(job);
        throw new Error(`attempt ${job.retryCount} failed`);
      });
      const id = await queue().send(
        "test.flaky",
        { n: 1 },
        { retryLimit: 2, retryDelaySeconds: 0 },
      );
      await queue().drain("test.flaky", 30_000);
      expect(attempts.map((attempt) => attempt.retryCount)).toEqual([0, 1, 2]);
      expect(attempts.every((attempt) => attempt.id === id && attempt.retryLimit === 2)).toBe(true);
      const last = attempts.at(-1);
      expect(last?.retryCount).toBe(last?.retryLimit);
    });

    test("concurrent workers each take different jobs", async () => {
      const taken: number[] = [];
      await queue().work(
        "test.many",
        async (data) => {
          taken.push(Number(data.n));
        },
        { concurrency: 3 },
      );
      await Promise.all(Array.from({ length: 9 }, (_, n) => queue().send("test.many", { n })));
      await queue().drain("test.many", 30_000);
      expect(taken.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    });

    test("a singleton key answers the queued job instead of queueing another", async () => {
      const first = await queue().send("test.single", { n: 1 }, { singletonKey: "trace-9" });
      const second = await queue().send("test.single", { n: 2 }, { singletonKey: "trace-9" });
      expect(second).toBe(first);
      const other = await queue().send("test.single", { n: 3 }, { singletonKey: "trace-10" });
      expect(other).not.toBe(first);
    });

    test("drain gives up with a timeout naming the queue", async () => {
      await queue().send("test.nobody-works-here", { n: 1 });
      let caught: unknown;
      try {
        await queue().drain("test.nobody-works-here", 300);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(TracemillError);
      expect((caught as TracemillError).code).toBe("timeout");
      expect((caught as TracemillError).message).toContain("test.nobody-works-here");
    });
  });
}
