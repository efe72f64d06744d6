import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  approximateTokens,
  createScriptPlayer,
  parseScript,
  type Script,
  scriptedAnswerText,
  scriptedErrorHeaders,
} from "./script.js";

/**
 * An OpenAI-compatible HTTP server that answers from a script (tests and demos): real sockets,
 * real status codes and Retry-After headers, so the openai SDK path is exercised end to end.
 * Binds 127.0.0.1 only.
 */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export interface ScriptedOpenAIServer {
  /** Base URL including /v1, e.g. http://127.0.0.1:PORT/v1 */
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startScriptedOpenAIServer(
  script: Script,
  options: { port?: number } = {},
): Promise<ScriptedOpenAIServer> {
  const checked = parseScript(script, "scripted server");
  const player = createScriptPlayer(checked);
  const dimensions = checked.embeddingDimensions ?? 8;
  const requests: RecordedRequest[] = [];
  let completions = 0;

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const raw = await readBody(request);
    let body: unknown = raw;
    try {
      body = raw === "" ? undefined : JSON.parse(raw);
    } catch {
      return sendJson(response, 400, {
        error: { message: "request body is not JSON", type: "invalid_request_error" },
      });
    }
    const path = (request.url ?? "/").split("?")[0] ?? "/";
    requests.push({ method: request.method ?? "GET", path, headers: request.headers, body });

    if (request.method === "GET" && path === "/v1/models") {
      return sendJson(response, 200, {
        object: "list",
        data: [{ id: "scripted", object: "model", created: 0, owned_by: "tracemill" }],
      });
    }
    if (request.method === "POST" && path === "/v1/embeddings") {
      return sendJson(response, 200, embeddingsResponse(body, dimensions));
    }
    if (request.method !== "POST" || path !== "/v1/chat/completions") {
      return sendJson(response, 404, {
        error: { message: `no route ${request.method} ${path}`, type: "not_found" },
      });
    }

    const chat = (body ?? {}) as {
      model?: string;
      messages?: unknown[];
      response_format?: unknown;
    };
    const schemaName = (chat.response_format as { json_schema?: { name?: string } } | undefined)
      ?.json_schema?.name;
    const text = wireMessagesText(chat.messages ?? []);
    const answer = player.next(schemaName === undefined ? { text } : { schemaName, text });
    if (answer === undefined) {
      return sendJson(response, 400, {
        error: {
          message: `scripted server: no answer left for ${schemaName ?? "this request"}`,
          type: "script_exhausted",
        },
      });
    }
    if (answer.delayMs !== undefined) await delay(answer.delayMs);
    if (response.destroyed) return;
    if (answer.error !== undefined) {
      const message =
        answer.error.message ?? `scripted failure with HTTP status ${answer.error.status}`;
      return sendJson(
        response,
        answer.error.status,
        { error: { message, type: "scripted_error", code: null } },
        scriptedErrorHeaders(answer.error),
      );
    }
    completions += 1;
    const content = scriptedAnswerText(answer);
    const usage = answer.usage ?? {
      inputTokens: approximateTokens(text),
      outputTokens: approximateTokens(content),
    };
    return sendJson(response, 200, {
      id: `chatcmpl-scripted-${completions}`,
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model: chat.model ?? "scripted",
      system_fingerprint: "fp_scripted",
      choices: [
        {
          index: 0,
          message: { role: "assistant", content },
          finish_reason: "stop",
          logprobs: null,
        },
      ],
      usage: {
        prompt_tokens: usage.inputTokens,
        completion_tokens: usage.outputTokens,
        total_tokens: usage.inputTokens + usage.outputTokens,
      },
    });
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent)
        sendJson(response, 500, { error: { message: String(error), type: "server_error" } });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Deterministic unit vectors from sha256 of the input, so equal strings embed equally. */
export function scriptedEmbedding(input: string, dimensions: number): number[] {
  const values: number[] = [];
  for (let block = 0; values.length < dimensions; block += 1) {
    const digest = createHash("sha256").update(`${block}:${input}`).digest();
    for (let offset = 0; offset + 4 <= digest.length && values.length < dimensions; offset += 4) {
      values.push(digest.readUInt32BE(offset) / 0xffffffff - 0.5);
    }
  }
  const norm = Math.hypot(...values) || 1;
  return values.map((value) => value / norm);
}

function embeddingsResponse(body: unknown, dimensions: number): unknown {
  const request = (body ?? {}) as { input?: unknown; model?: string; encoding_format?: string };
  const inputs = Array.isArray(request.input)
    ? request.input.map(String)
    : [String(request.input ?? "")];
  const data = inputs.map((input, index) => {
    const vector = scriptedEmbedding(input, dimensions);
    // The openai SDK asks for base64 (little-endian float32) unless told otherwise.
    const embedding =
      request.encoding_format === "base64"
        ? Buffer.from(new Float32Array(vector).buffer).toString("base64")
        : vector;
    return { object: "embedding", index, embedding };
  });
  const tokens = inputs.reduce((sum, input) => sum + approximateTokens(input), 0);
  return {
    object: "list",
    data,
    model: request.model ?? "scripted",
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  };
}

function wireMessagesText(messages: unknown[]): string {
  return messages
    .map((message) => {
      const content = (message as { content?: unknown }).content;
      if (typeof content === "string") return content;
      if (!Array.isArray(content)) return "";
      return content
        .map((part) =>
          (part as { type?: string }).type === "text" ? (part as { text: string }).text : "",
        )
        .join("\n");
    })
    .join("\n");
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (response.destroyed) return;
  const payload = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(payload),
    ...headers,
  });
  response.end(payload);
}

function delay(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}
