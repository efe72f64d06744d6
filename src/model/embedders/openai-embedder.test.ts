import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createMemoryCache } from "../cache.js";
import { createRateLimiter } from "../rate-limiter.js";
import type { Redactor } from "../redact.js";
import { createEmbedder } from "./create-embedder.js";
import type { EmbedderDeps } from "./types.js";

const dimensions = 8;

/** Deterministic vector from a hash of the text, so the test can recompute it. */
function expectedVector(text: string): number[] {
  const digest = createHash("sha256").update(text).digest();
  return Array.from(
    { length: dimensions },
    (_, index) => digest.readUInt16BE(index * 2) / 65_535 - 0.5,
  );
}

interface RecordedRequest {
  model: string;
  input: string[];
  authorization: string | undefined;
}

const requests: RecordedRequest[] = [];
let failuresBeforeSuccess = 0;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", () => {
      if (request.method !== "POST" || request.url !== "/v1/embeddings") {
        response.writeHead(404).end();
        return;
      }
      const parsed = JSON.parse(body) as {
        model: string;
        input: string[];
        encoding_format?: string;
      };
      requests.push({
        model: parsed.model,
        input: parsed.input,
        authorization: request.headers.authorization,
      });
      if (failuresBeforeSuccess > 0) {
        failuresBeforeSuccess -= 1;
        response.writeHead(429, { "content-type": "application/json", "retry-after-ms": "20" });
        response.end(JSON.stringify({ error: { message: "slow down", type: "rate_limit" } }));
        return;
      }
      // Answers come back reversed: the client must place them by `index`, not by position.
      const data = parsed.input.map((text, index) => ({
        object: "embedding",
        index,
        embedding: text.includes("ragged")
          ? expectedVector(text).slice(0, 5)
          : expectedVector(text),
      }));
      response.writeHead(200, { "content-type": "application/json" });
      response.end(
        JSON.stringify({
          object: "list",
          model: parsed.model,
          data: data.reverse(),
          usage: { prompt_tokens: parsed.input.length * 3, total_tokens: parsed.input.length * 3 },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  requests.length = 0;
  failuresBeforeSuccess = 0;
});

const fastDeps = (): EmbedderDeps => ({
  rateLimiter: createRateLimiter({ maxTokens: 100, refillPerSecond: 100, concurrency: 2 }),
  retry: { maxRetries: 2, capMs: 200 },
});

const config = (batchSize: number) => ({
  provider: "openai:test-embed",
  baseUrl,
  apiKey: "test-key",
  batchSize,
  cache: true,
});

describe("openai-compatible embedder over HTTP", () => {
  it("sends batches of batchSize and returns vectors in input order", async () => {
    const embedder = await createEmbedder(config(3), fastDeps());
    const texts = Array.from({ length: 8 }, (_, index) => `text number ${index}`);
    const progress: number[] = [];
    const result = await embedder.embed([...texts, "text number 2"], {
      onProgress: (done) => progress.push(done),
    });
    expect(requests.map((request) => request.input.length).sort()).toEqual([2, 3, 3]);
    expect(requests.flatMap((request) => request.input).sort()).toEqual([...texts].sort());
    expect(
      requests.every(
        (request) => request.model === "test-embed" && request.authorization === "Bearer test-key",
      ),
    ).toBe(true);
    for (const [index, text] of [...texts, "text number 2"].entries()) {
      const got = Array.from(result.vectors[index] ?? []);
      const want = expectedVector(text);
      expect(got.length).toBe(dimensions);
      expect(
        Math.max(...got.map((value, position) => Math.abs(value - (want[position] as number)))),
      ).toBeLessThan(1e-6);
    }
    expect(result.usage).toEqual({ inputTokens: 24, cachedCount: 0, computedCount: 8 });
    // Batches may finish in any order; progress still rises once per batch, ending at the total.
    expect(progress.length).toBe(3);
    expect(progress.at(-1)).toBe(8);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    expect(embedder.dimensions).toBe(dimensions);
  });

  it("sends nothing on a rerun with the cache", async () => {
    const cache = createMemoryCache();
    const texts = ["alpha", "beta", "gamma"];
    await (await createEmbedder(config(2), { ...fastDeps(), cache })).embed(texts);
    expect(requests.length).toBe(2);
    requests.length = 0;
    const rerun = await (await createEmbedder(config(2), { ...fastDeps(), cache })).embed(texts);
    expect(requests).toEqual([]);
    expect(rerun.usage).toEqual({ inputTokens: 0, cachedCount: 3, computedCount: 0 });
  });

  it("redacts texts before they go on the wire", async () => {
    const redactor: Redactor = {
      redactText: (text) => ({
        text: text.replace(/sk-[a-z0-9]+/g, "[REDACTED:api_key]"),
        findings: [],
      }),
      redactValue: (value) => value,
    };
    const embedder = await createEmbedder(config(8), { ...fastDeps(), redactor });
    const result = await embedder.embed(["my key is sk-abc123", "my key is sk-zzz999"]);
    expect(requests.flatMap((request) => request.input)).toEqual(["my key is [REDACTED:api_key]"]);
    expect(JSON.stringify(requests)).not.toContain("sk-");
    expect(Array.from(result.vectors[0] ?? [])).toEqual(Array.from(result.vectors[1] ?? []));
  });

  it("retries a 429 and then succeeds", async () => {
    failuresBeforeSuccess = 1;
    const result = await (await createEmbedder(config(4), fastDeps())).embed(["retry me"]);
    expect(requests.length).toBe(2);
    expect(result.vectors[0]?.[0]).toBeCloseTo(expectedVector("retry me")[0] as number, 5);
  });

  it("gives up with a transient error when the 429s outlast the retries", async () => {
    failuresBeforeSuccess = 5;
    const run = (await createEmbedder(config(4), fastDeps())).embed(["never"]);
    await expect(run).rejects.toMatchObject({ code: "transient", status: 429 });
    expect(requests.length).toBe(3);
  });

  it("fails clearly when the server returns vectors of inconsistent dimension", async () => {
    const error = await (await createEmbedder(config(4), fastDeps()))
      .embed(["fine", "ragged one"])
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "model_output_invalid" });
    expect((error as Error).message).toMatch(/inconsistent dimension: expected 8, got 5/);
  });

  it("requires a key for api.openai.com but not for a local server", async () => {
    const saved = process.env.OPENAI_API_KEY;
    delete process.env.OPENAI_API_KEY;
    try {
      await expect(
        createEmbedder({
          provider: "openai:text-embedding-3-small",
          batchSize: 4,
          cache: false,
          baseUrl: "https://api.openai.com/v1",
        }),
      ).rejects.toThrow(/API key is needed/);
    } finally {
      if (saved !== undefined) process.env.OPENAI_API_KEY = saved;
    }
    const local = await createEmbedder(
      { provider: "openai:test-embed", baseUrl, batchSize: 4, cache: false },
      fastDeps(),
    );
    await local.embed(["no key"]);
    expect(requests[0]?.authorization).toMatch(/^Bearer /);
  });

  it("rejects unknown providers", async () => {
    await expect(
      createEmbedder({ provider: "cohere:embed", batchSize: 4, cache: false }),
    ).rejects.toThrow(/unknown embedding provider/);
  });
});
