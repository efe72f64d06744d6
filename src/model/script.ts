import { z } from "zod";
import { TracemillError } from "../core/errors.js";
import { describeIssues } from "./structured-output.js";

/**
 * The answer script shared by the in-process `scripted` provider and the scripted OpenAI-compatible
 * server: entries are consumed in order, the first unconsumed entry that matches answers.
 */
export const scriptAnswerSchema = z.object({
  match: z
    .object({ schemaName: z.string().optional(), contains: z.string().optional() })
    .optional(),
  value: z.unknown().optional(),
  text: z.string().optional(),
  error: z
    .object({
      status: z.number().int().min(100).max(599),
      message: z.string().optional(),
      retryAfterSeconds: z.number().nonnegative().optional(),
      retryAfterMs: z.number().nonnegative().optional(),
    })
    .optional(),
  delayMs: z.number().nonnegative().optional(),
  usage: z
    .object({
      inputTokens: z.number().int().nonnegative(),
      outputTokens: z.number().int().nonnegative(),
    })
    .optional(),
  times: z.number().int().positive().optional(),
});

export const scriptSchema = z.object({
  answers: z.array(scriptAnswerSchema),
  embeddingDimensions: z.number().int().positive().optional(),
});

export type ScriptAnswer = z.infer<typeof scriptAnswerSchema>;
export type Script = z.infer<typeof scriptSchema>;

export function parseScript(input: unknown, origin = "script"): Script {
  const parsed = scriptSchema.safeParse(input);
  if (!parsed.success) {
    throw new TracemillError(
      "config_invalid",
      `${origin}: invalid answer script: ${describeIssues(parsed.error)}`,
    );
  }
  return parsed.data;
}

export interface ScriptPlayer {
  /** The next matching entry, consumed; undefined when none is left. */
  next(request: { schemaName?: string; text: string }): ScriptAnswer | undefined;
  remaining(): number;
}

export function createScriptPlayer(script: Script): ScriptPlayer {
  const usesLeft = script.answers.map((answer) => answer.times ?? 1);
  return {
    next(request) {
      const index = script.answers.findIndex((answer, position) => {
        if ((usesLeft[position] ?? 0) <= 0) return false;
        if (
          answer.match?.schemaName !== undefined &&
          answer.match.schemaName !== request.schemaName
        )
          return false;
        return answer.match?.contains === undefined || request.text.includes(answer.match.contains);
      });
      if (index === -1) return undefined;
      usesLeft[index] = (usesLeft[index] ?? 1) - 1;
      return script.answers[index];
    },
    remaining() {
      return usesLeft.reduce((sum, count) => sum + count, 0);
    },
  };
}

/** An injected failure, shaped like an HTTP error so the same retry classification applies. */
export class ScriptedFailure extends Error {
  readonly status: number;
  readonly headers: Record<string, string>;
  constructor(error: NonNullable<ScriptAnswer["error"]>) {
    super(error.message ?? `scripted failure with HTTP status ${error.status}`);
    this.name = "ScriptedFailure";
    this.status = error.status;
    this.headers = scriptedErrorHeaders(error);
  }
}

export function scriptedErrorHeaders(
  error: NonNullable<ScriptAnswer["error"]>,
): Record<string, string> {
  const headers: Record<string, string> = {};
  if (error.retryAfterSeconds !== undefined)
    headers["retry-after"] = String(error.retryAfterSeconds);
  if (error.retryAfterMs !== undefined) headers["retry-after-ms"] = String(error.retryAfterMs);
  return headers;
}

/** The answer body as text: a `text` entry verbatim (malformed on purpose), else the value as JSON. */
export function scriptedAnswerText(answer: ScriptAnswer): string {
  if (answer.text !== undefined) return answer.text;
  return JSON.stringify(answer.value ?? null);
}

/** Rough token count used when an entry gives no usage: four characters a token. */
export function approximateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
