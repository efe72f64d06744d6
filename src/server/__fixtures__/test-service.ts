import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDevtraceClient, type DevtraceClient } from "../../client/devtrace-client.js";
import { memoryCatalog } from "../../pipelines/devtrace/open-backend.js";
import {
  type DevtraceService,
  type DevtraceServiceOptions,
  startDevtraceService,
} from "../start-service.js";

export const testApiToken = "test-api-token-0123456789abcdef";
export const testHmacKey = "test-hmac-key-for-the-chain";

/** A JSON answer: an error body, or fields the test reads as unknown. */
export type ResponseBody = {
  error?: { code: string; message: string; details?: Record<string, unknown> };
  [key: string]: unknown;
};

export interface TestService extends DevtraceService {
  client: DevtraceClient;
  dataDir: string;
  /** Raw HTTP on the real socket. */
  request(
    method: string,
    path: string,
    init?: { token?: string | null; json?: unknown; body?: string | Uint8Array; headers?: Record<string, string> },
  ): Promise<{ status: number; body: ResponseBody }>;
  stop(): Promise<void>;
}

/** A real server on 127.0.0.1:0 over PGlite in memory and a temp blob folder (unless overridden). */
export async function startTestService(
  overrides: Partial<DevtraceServiceOptions> = {},
): Promise<TestService> {
  const dataDir = await mkdtemp(join(tmpdir(), "tracemill-server-test-"));
  const service = await startDevtraceService({
    db: memoryCatalog,
    dataDir,
    apiTokens: [testApiToken],
    hmacKey: testHmacKey,
    workers: 1,
    jobOptions: { retryLimit: 2, retryDelaySeconds: 0 },
    queue: { pollingIntervalSeconds: 0.5 },
    ...overrides,
  });
  const client = createDevtraceClient({ baseUrl: service.url, token: testApiToken });
  return {
    ...service,
    client,
    dataDir,
    async request(method, path, init = {}) {
      const headers: Record<string, string> = { ...init.headers };
      const token = init.token === undefined ? testApiToken : init.token;
      if (token !== null) headers.authorization = `Bearer ${token}`;
      let body: string | Uint8Array | undefined = init.body;
      if (init.json !== undefined) {
        headers["content-type"] ??= "application/json";
        body = JSON.stringify(init.json);
      }
      const response = await fetch(`${service.url}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {}
      return { status: response.status, body: parsed as ResponseBody };
    },
    async stop() {
      await service.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A small valid chunk: n events starting at seq `from`. */
export function makeChunk(chunkId: string, chunkSeq: number, from: number, count: number) {
  return {
    chunk_id: chunkId,
    chunk_seq: chunkSeq,
    events: Array.from({ length: count }, (_, index) => {
      const seq = from + index;
      return seq % 2 === 0
        ? {
            id: `ev-${seq}`,
            seq,
            ts_client_s: 1_700_000_000 + seq,
            type: "cmd_run",
            cmd: `echo step ${seq}`,
            cwd: "/workspace",
            exit_code: 0,
          }
        : {
            id: `ev-${seq}`,
            seq,
            ts_client_s: 1_700_000_000 + seq,
            type: "rationale_note",
            structured: { hypothesis: `step ${seq} shows the cause` },
          };
    }),
  };
}
