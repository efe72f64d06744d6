import { setTimeout as sleep } from "node:timers/promises";
import { type ErrorCode, TracemillError } from "../core/errors.js";
import type {
  CompleteResponse,
  CreateTraceRequest,
  CreateTraceResponse,
  DevtraceStatus,
  IngestChunk,
  IngestResponse,
} from "../sources/devtrace/events.js";

/**
 * A typed client for the devtrace HTTP API (`tracemill serve`), on the platform `fetch`. It is
 * made with an API token; upload calls take the trace's upload token. Every non-2xx answer
 * becomes a TracemillError carrying the server's `{error: {code, message}}` and the status.
 */
export interface DevtraceClientOptions {
  /** e.g. http://127.0.0.1:8080 */
  baseUrl: string;
  /** An API token (creates and reads traces; accepted on upload routes too). */
  token: string;
  fetch?: typeof fetch;
  /** Per request; default 60 s. */
  timeoutMs?: number;
}

export interface PendingTrace {
  trace_id: string;
  status: DevtraceStatus;
  message: string;
  num_events: number;
}

/** The full trace document (see src/server/trace-document.ts); loosely typed on the client. */
export type TraceDocumentBody = Record<string, unknown> & {
  trace_id: string;
  status: DevtraceStatus;
  failure_reason?: string;
  qa?: { validation?: Record<string, unknown> | null; judge?: Record<string, unknown> | null };
};

export type TraceState =
  | { ready: false; status: 202; body: PendingTrace }
  | { ready: true; status: 200; body: TraceDocumentBody };

export interface ArtifactUploadResult {
  status: "stored";
  key: string;
  type: string;
  sha256: string;
  bytes: number;
  blob_key: string;
}

export interface TraceSummary {
  trace_id: string;
  /** A validated trace reads `incomplete` / `unverified` here as in GET /v1/traces/{id}. */
  status: DevtraceStatus | "incomplete" | "unverified";
  /** Why a finished trace reads incomplete or unverified. */
  status_reason?: string;
  failure_reason?: string;
  participant_id: string;
  task_id: string;
  task_title: string;
  num_events: number;
  created_at: string;
  updated_at: string;
  completed_at: string | null;
}

export interface DevtraceClient {
  createTrace(request: CreateTraceRequest): Promise<CreateTraceResponse & { expires_at?: string }>;
  ingest(
    traceId: string,
    chunk: IngestChunk,
    options?: { uploadToken?: string; idempotencyKey?: string },
  ): Promise<IngestResponse>;
  putArtifact(
    traceId: string,
    key: string,
    data: Uint8Array,
    options?: { uploadToken?: string; type?: string; eventId?: string; mimeType?: string },
  ): Promise<ArtifactUploadResult>;
  complete(
    traceId: string,
    options?: {
      uploadToken?: string;
      /** Chunk files that could not be sent: the server seals the trace as incomplete. */
      skippedChunks?: { file: string; reason?: string }[];
    },
  ): Promise<CompleteResponse>;
  /** Gives up a trace that was never completed (API token); it becomes failed, `abandoned: true`. */
  abandon(
    traceId: string,
    reason?: string,
  ): Promise<{ trace_id: string; status: "failed"; abandoned: true; failure_reason: string }>;
  getTrace(traceId: string): Promise<TraceState>;
  /** Polls until the trace is validated or failed (200), or the timeout passes. */
  waitForResult(
    traceId: string,
    options?: { intervalMs?: number; timeoutMs?: number },
  ): Promise<TraceDocumentBody>;
  listTraces(query?: {
    status?: DevtraceStatus;
    limit?: number;
    offset?: number;
  }): Promise<TraceSummary[]>;
}

const statusCodes: Record<number, ErrorCode> = {
  400: "input_invalid",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  409: "conflict",
  413: "input_invalid",
  415: "input_invalid",
  422: "input_invalid",
  429: "transient",
};

export class DevtraceHttpError extends TracemillError {
  readonly status: number;
  readonly serverCode: string | undefined;
  constructor(status: number, serverCode: string | undefined, message: string) {
    super(statusCodes[status] ?? (status >= 500 ? "unavailable" : "permanent"), message, {
      details: { status, serverCode },
    });
    this.name = "DevtraceHttpError";
    this.status = status;
    this.serverCode = serverCode;
  }
}

export function createDevtraceClient(options: DevtraceClientOptions): DevtraceClient {
  const fetchImpl = options.fetch ?? fetch;
  const base = options.baseUrl.replace(/\/+$/, "");
  const timeoutMs = options.timeoutMs ?? 60_000;

  async function call(
    method: string,
    path: string,
    init: { token?: string; json?: unknown; body?: Uint8Array; headers?: Record<string, string> },
  ): Promise<{ status: number; body: unknown }> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${init.token ?? options.token}`,
      ...init.headers,
    };
    let body: RequestInit["body"];
    if (init.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(init.json);
    } else if (init.body !== undefined) {
      body = init.body;
    }
    let response: Response;
    try {
      response = await fetchImpl(`${base}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new TracemillError(
        "unavailable",
        `${method} ${base}${path}: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text === "" ? undefined : JSON.parse(text);
    } catch {
      parsed = text;
    }
    if (!response.ok) {
      const error = (parsed as { error?: { code?: string; message?: string } } | undefined)?.error;
      throw new DevtraceHttpError(
        response.status,
        error?.code,
        `${method} ${path} → ${response.status}: ${error?.message ?? text.slice(0, 300)}`,
      );
    }
    return { status: response.status, body: parsed };
  }

  const tracePath = (traceId: string) => `/v1/traces/${encodeURIComponent(traceId)}`;

  const client: DevtraceClient = {
    async createTrace(request) {
      return (await call("POST", "/v1/traces", { json: request })).body as CreateTraceResponse;
    },
    async ingest(traceId, chunk, callOptions = {}) {
      const result = await call("POST", `${tracePath(traceId)}/events:ingest`, {
        json: chunk,
        ...(callOptions.uploadToken === undefined ? {} : { token: callOptions.uploadToken }),
        headers:
          callOptions.idempotencyKey === undefined
            ? {}
            : { "idempotency-key": callOptions.idempotencyKey },
      });
      return result.body as IngestResponse;
    },
    async putArtifact(traceId, key, data, callOptions = {}) {
      const query = new URLSearchParams();
      if (callOptions.type !== undefined) query.set("type", callOptions.type);
      if (callOptions.eventId !== undefined) query.set("event_id", callOptions.eventId);
      const suffix = query.size > 0 ? `?${query.toString()}` : "";
      const result = await call(
        "PUT",
        `${tracePath(traceId)}/artifacts/${encodeURIComponent(key)}${suffix}`,
        {
          body: data,
          ...(callOptions.uploadToken === undefined ? {} : { token: callOptions.uploadToken }),
          headers: { "content-type": callOptions.mimeType ?? "application/octet-stream" },
        },
      );
      return result.body as ArtifactUploadResult;
    },
    async complete(traceId, callOptions = {}) {
      const result = await call("POST", `${tracePath(traceId)}/complete`, {
        ...(callOptions.uploadToken === undefined ? {} : { token: callOptions.uploadToken }),
        ...(callOptions.skippedChunks === undefined || callOptions.skippedChunks.length === 0
          ? {}
          : { json: { skipped_chunks: callOptions.skippedChunks } }),
      });
      return result.body as CompleteResponse;
    },
    async abandon(traceId, reason) {
      const result = await call("POST", `${tracePath(traceId)}/abandon`, {
        json: reason === undefined ? {} : { reason },
      });
      return result.body as Awaited<ReturnType<DevtraceClient["abandon"]>>;
    },
    async getTrace(traceId) {
      const result = await call("GET", tracePath(traceId), {});
      if (result.status === 202) {
        return { ready: false, status: 202, body: result.body as PendingTrace };
      }
      return { ready: true, status: 200, body: result.body as TraceDocumentBody };
    },
    async waitForResult(traceId, waitOptions = {}) {
      const intervalMs = waitOptions.intervalMs ?? 500;
      const deadline = Date.now() + (waitOptions.timeoutMs ?? 300_000);
      for (;;) {
        const state = await client.getTrace(traceId);
        if (state.ready) return state.body;
        if (Date.now() + intervalMs > deadline) {
          throw new TracemillError(
            "timeout",
            `trace ${traceId} is still ${state.body.status} after ${waitOptions.timeoutMs ?? 300_000} ms`,
          );
        }
        await sleep(intervalMs);
      }
    },
    async listTraces(query = {}) {
      const params = new URLSearchParams();
      if (query.status !== undefined) params.set("status", query.status);
      if (query.limit !== undefined) params.set("limit", String(query.limit));
      if (query.offset !== undefined) params.set("offset", String(query.offset));
      const suffix = params.size > 0 ? `?${params.toString()}` : "";
      const result = await call("GET", `/v1/traces${suffix}`, {});
      return (result.body as { traces: TraceSummary[] }).traces;
    },
  };
  return client;
}
