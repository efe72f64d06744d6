import { z } from "zod";
import { recoverJson } from "./json-recovery.js";

/**
 * Structured outputs: a strict-mode JSON Schema from zod for the wire, and local validation of
 * every answer with the same zod schema (the server's promise is never trusted alone).
 */
export interface WireSchema {
  schema: Record<string, unknown>;
  /** false when the schema holds something strict mode cannot express (records, open objects). */
  strict: boolean;
}

export function toWireSchema(schema: z.ZodType): WireSchema {
  const converted = z.toJSONSchema(schema, { io: "output", unrepresentable: "any" }) as Record<
    string,
    unknown
  >;
  delete converted.$schema;
  const state = { strict: true };
  return { schema: makeStrict(converted, state) as Record<string, unknown>, strict: state.strict };
}

/** Every property required (optional ones made nullable), closed objects; recursive. */
function makeStrict(node: unknown, state: { strict: boolean }): unknown {
  if (Array.isArray(node)) return node.map((item) => makeStrict(item, state));
  if (node === null || typeof node !== "object") return node;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    result[key] = key === "properties" ? value : makeStrict(value, state);
  }
  const properties = result.properties as Record<string, unknown> | undefined;
  if (properties !== undefined && typeof properties === "object") {
    const required = new Set(Array.isArray(result.required) ? (result.required as string[]) : []);
    const strictProperties: Record<string, unknown> = {};
    for (const [name, propertySchema] of Object.entries(properties)) {
      const strictProperty = makeStrict(propertySchema, state);
      strictProperties[name] = required.has(name) ? strictProperty : nullable(strictProperty);
    }
    result.properties = strictProperties;
    result.required = Object.keys(strictProperties);
  }
  if (result.type === "object") {
    if (result.additionalProperties === undefined && properties !== undefined)
      result.additionalProperties = false;
    else if (result.additionalProperties !== false) state.strict = false;
  }
  return result;
}

function nullable(schema: unknown): unknown {
  return { anyOf: [schema, { type: "null" }] };
}

export type AnswerCheck<T> = { ok: true; value: T } | { ok: false; problem: string };

/** Parse (with recovery) and validate one answer; the problem text names what was wrong. */
export function checkAnswer<T>(
  schema: z.ZodType<T>,
  answer: { text?: string; value?: unknown },
): AnswerCheck<T> {
  let candidate: unknown;
  if (answer.value !== undefined) candidate = answer.value;
  else {
    const recovered = recoverJson(answer.text ?? "");
    if (!recovered.ok)
      return { ok: false, problem: `the answer is not valid JSON: ${recovered.error}` };
    candidate = recovered.value;
  }
  const first = schema.safeParse(candidate);
  if (first.success) return { ok: true, value: first.data };
  // Optional fields arrive as null under strict mode; retry with those nulls dropped.
  const withoutNulls = schema.safeParse(dropNulls(candidate));
  if (withoutNulls.success) return { ok: true, value: withoutNulls.data };
  return {
    ok: false,
    problem: `the answer does not match the schema: ${describeIssues(first.error)}`,
  };
}

export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 8)
    .map(
      (issue) =>
        `${issue.path.length === 0 ? "(root)" : issue.path.map(String).join(".")}: ${issue.message}`,
    )
    .join("; ");
}

function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropNulls);
  if (value === null || typeof value !== "object") return value;
  const result: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value as Record<string, unknown>)) {
    if (member !== null) result[key] = dropNulls(member);
  }
  return result;
}
