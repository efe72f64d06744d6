import type { RunInput, RunManifest, RunWarning, StageState } from "./run-manifest.js";
import { runSchemaId, runStatuses, stageStatuses } from "./run-manifest.js";

/**
 * Light checks of a run's manifest and warnings, so that `runs list` reads a valid run folder
 * without loading zod (a fifth of a second of start-up). Each returns what zod's parse would
 * (the same members, in the schema's order, unknown members dropped) or undefined; on undefined
 * the caller asks the zod schema in run-manifest-schema.ts, which stays the authority and words
 * the error. They may refuse more than zod, never less (run-manifest-check.test.ts holds them
 * to that).
 */

type Json = Record<string, unknown>;

const sha256Pattern = /^[0-9a-f]{64}$/;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isText(value: unknown, minLength = 0): value is string {
  return typeof value === "string" && value.length >= minLength;
}

function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

function isOneOf<Value extends string>(value: unknown, options: readonly Value[]): value is Value {
  return typeof value === "string" && (options as readonly string[]).includes(value);
}

/** Optional members are copied only when present, as zod does. */
function copyOptional(target: Json, source: Json, key: string, valid: (value: unknown) => boolean) {
  if (!(key in source) || source[key] === undefined) return true;
  if (!valid(source[key])) return false;
  target[key] = source[key];
  return true;
}

function checkInput(value: unknown): RunInput | undefined {
  if (!isObject(value)) return undefined;
  const { path, sha256, bytes } = value;
  if (!isText(path, 1) || !isText(sha256) || !sha256Pattern.test(sha256) || !isCount(bytes))
    return undefined;
  return { path, sha256, bytes };
}

function checkStage(value: unknown): StageState | undefined {
  if (!isObject(value)) return undefined;
  const { status, itemsDone } = value;
  if (!isOneOf(status, stageStatuses) || !isCount(itemsDone)) return undefined;
  const stage: Json = { status, itemsDone };
  if (!copyOptional(stage, value, "startedAt", isText)) return undefined;
  if (!copyOptional(stage, value, "endedAt", isText)) return undefined;
  return stage as unknown as StageState;
}

export function checkRunManifest(value: unknown): RunManifest | undefined {
  if (!isObject(value)) return undefined;
  const { schema, id, command, createdAt, updatedAt, toolVersion, status } = value;
  const { inputs, configFingerprint, stages, pid, hostname } = value;
  if (schema !== runSchemaId || !isText(id, 1) || !isText(command, 1)) return undefined;
  if (!isText(createdAt) || !isText(updatedAt) || !isText(toolVersion)) return undefined;
  if (!isOneOf(status, runStatuses) || !Array.isArray(inputs)) return undefined;
  if (!isText(configFingerprint) || !sha256Pattern.test(configFingerprint)) return undefined;
  if (!isObject(stages) || !Number.isSafeInteger(pid) || !isText(hostname)) return undefined;
  // zod's unknown() still wants the member present (undefined does not count).
  if (value.config === undefined) return undefined;
  const checkedInputs = inputs.map(checkInput);
  if (checkedInputs.some((input) => input === undefined)) return undefined;
  const checkedStages: Record<string, StageState> = {};
  for (const [name, stage] of Object.entries(stages)) {
    const checked = checkStage(stage);
    if (checked === undefined || name === "__proto__") return undefined;
    checkedStages[name] = checked;
  }
  return {
    schema,
    id,
    command,
    createdAt,
    updatedAt,
    toolVersion,
    status,
    inputs: checkedInputs as RunInput[],
    configFingerprint,
    config: value.config,
    stages: checkedStages,
    pid: pid as number,
    hostname,
  };
}

export function checkRunWarning(value: unknown): RunWarning | undefined {
  if (!isObject(value)) return undefined;
  const { stage, code, message, t } = value;
  if (!isText(stage) || !isText(code, 1) || !isText(message) || !isText(t)) return undefined;
  const warning: Json = { stage };
  if (!copyOptional(warning, value, "item", isText)) return undefined;
  if (!copyOptional(warning, value, "file", isText)) return undefined;
  if (!copyOptional(warning, value, "line", Number.isSafeInteger)) return undefined;
  Object.assign(warning, { code, message, t });
  return warning as unknown as RunWarning;
}
