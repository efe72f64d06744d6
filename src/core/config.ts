import { z } from "zod";

/**
 * The one configuration schema. Loaded once by the CLI or the server (flags > env >
 * tracemill.config.json > these defaults) and passed down as a typed object; library code never
 * reads the environment for it (src/config/environment.ts does).
 */
const providerName = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]*:.+$/,
    "expected provider:model, e.g. openai:gpt-4o-mini or offline:default",
  );

export const modelConfigSchema = z
  .object({
    provider: providerName.default("offline:default"),
    baseUrl: z.url().optional(),
    apiKey: z.string().min(1).optional(),
    /** Azure OpenAI: deployment API version; when set the Azure client is used. */
    azureApiVersion: z.string().optional(),
    scriptPath: z.string().optional().describe("answers file for the scripted provider"),
    timeoutMs: z.number().int().positive().default(60_000),
    maxRetries: z.number().int().nonnegative().default(5),
    retryCapMs: z.number().int().positive().default(30_000),
    seed: z.number().int().default(42),
    temperature: z.number().min(0).max(2).default(0),
    topP: z.number().min(0).max(1).default(1),
    cache: z.boolean().default(true),
    maxCostUsd: z.number().nonnegative().optional(),
    prices: z
      .record(
        z.string(),
        z.object({
          inputPerMTok: z.number().nonnegative(),
          outputPerMTok: z.number().nonnegative(),
        }),
      )
      .default({})
      .describe("per model name, USD per million tokens; overrides the built-in table"),
    rateLimit: z
      .object({
        maxTokens: z.number().positive().default(10),
        refillPerSecond: z.number().positive().default(2),
        concurrency: z.number().int().positive().default(4),
      })
      .prefault({}),
    images: z
      .object({
        detail: z.enum(["low", "high", "auto"]).default("low"),
        maxPerRequest: z.number().int().nonnegative().default(3),
      })
      .prefault({}),
    text: z.object({ maxCharsPerPart: z.number().int().positive().default(20_000) }).prefault({}),
  })
  .strict();

export const embedderConfigSchema = z
  .object({
    provider: providerName.default("offline:use-512"),
    baseUrl: z.url().optional(),
    apiKey: z.string().min(1).optional(),
    batchSize: z.number().int().positive().default(64),
    cache: z.boolean().default(true),
    /** Offline embedder worker threads, each with its own model copy (1: in-process). */
    workers: z.number().int().min(1).max(16).default(1),
  })
  .strict();

export const redactionConfigSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** Rule names to switch off, e.g. ["ip_address"]. */
    disable: z.array(z.string()).default([]),
    /** Extra patterns: { name, pattern (a RegExp source), flags? }. */
    extra: z
      .array(
        z.object({
          name: z.string().min(1),
          pattern: z.string().min(1),
          flags: z.string().optional(),
        }),
      )
      .default([]),
    /** Exact strings never redacted (e.g. a public support address). */
    allow: z.array(z.string()).default([]),
  })
  .strict();

export const configSchema = z
  .object({
    runsDir: z.string().min(1).default("runs"),
    cacheDir: z.string().min(1).default(".tracemill/cache"),
    logLevel: z.enum(["trace", "debug", "info", "warn", "error", "silent"]).default("info"),
    model: modelConfigSchema.prefault({}),
    embedder: embedderConfigSchema.prefault({}),
    redaction: redactionConfigSchema.prefault({}),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
export type ModelConfig = z.infer<typeof modelConfigSchema>;
export type EmbedderConfig = z.infer<typeof embedderConfigSchema>;
export type RedactionConfig = z.infer<typeof redactionConfigSchema>;

export function defaultConfig(): Config {
  return configSchema.parse({});
}
