import { join } from "node:path";
import { verifyDevtraceFile } from "../sources/devtrace/verify-trace.js";
import {
  asArray,
  asNumber,
  asObject,
  asString,
  type Json,
  readJson,
  readJsonOr,
} from "./read-json.js";

/** Keys of traces read from the live store (live-devtraces.ts) rather than a folder. */
export const storeKeyPrefix = "store:";

/** One sealed developer trace folder (trace.json, grade.json, verification.json). */
export interface DevtraceStep {
  index: number;
  t: number;
  kind: string;
  type: string;
  text?: string;
  command?: string;
  cwd?: string;
  exitCode?: number;
  path?: string;
  diff?: string;
  tests?: { passed?: number; failed?: number; failedTests: string[]; framework?: string };
  output?: string;
  /** A command's standard output and error (from the store's artifacts), redacted, capped. */
  stdout?: string;
  stderr?: string;
}

export interface DevtraceView {
  key: string;
  id: string;
  title: string;
  description?: string;
  /** A live-store trace's status as the HTTP API shows it (statusFieldsOf); a folder's: sealed. */
  status: string;
  statusReason?: string;
  failureReason?: string;
  abandoned?: true;
  steps: DevtraceStep[];
  verification: {
    required?: boolean;
    passed?: boolean;
    before?: DevtraceStep["tests"];
    after?: DevtraceStep["tests"];
    logs: string[];
  };
  judge?: {
    model?: string;
    overall?: number;
    score?: number;
    confidence?: number;
    summary?: string;
    dimensions: { key: string; value: number; weight?: number; max?: number; reason?: string }[];
  };
  chain: {
    algorithm?: string;
    links: number;
    events: number;
    status: "ok" | "broken" | "unchecked";
    detail: string;
  };
  warnings: string[];
}

export interface DevtraceSummary {
  key: string;
  id: string;
  title: string;
  steps: number;
  testsPassed?: boolean;
  overall?: number;
  /**
   * A live-store trace's status as the HTTP API shows it (statusFieldsOf: created, ingesting,
   * completed, validated, incomplete, unverified, failed), with the reasons; absent for a folder.
   */
  status?: string;
  statusReason?: string;
  failureReason?: string;
  abandoned?: true;
}

export async function devtraceSummary(key: string, dir: string): Promise<DevtraceSummary> {
  const warnings: string[] = [];
  const trace = asObject(await readJsonOr(join(dir, "trace.json"), warnings));
  const verification = asObject(await readJsonOr(join(dir, "verification.json"), warnings));
  const grade = asObject(await readJsonOr(join(dir, "grade.json"), warnings));
  const overall = overallOf(grade);
  return {
    key,
    id: asString(trace.id) ?? key,
    title: asString(asObject(trace.task).title) ?? "(untitled)",
    steps: asArray(trace.steps).length,
    ...(typeof verification.passed === "boolean" ? { testsPassed: verification.passed } : {}),
    ...(overall === undefined ? {} : { overall }),
  };
}

export async function devtraceView(
  key: string,
  dir: string,
  hmacKey?: string,
): Promise<DevtraceView> {
  const warnings: string[] = [];
  const trace = asObject(await readJson(join(dir, "trace.json")));
  const grade = await readJsonOr(join(dir, "grade.json"), warnings);
  const verification = asObject(await readJsonOr(join(dir, "verification.json"), warnings));
  const steps = asArray(trace.steps).map((raw, position) => toStep(asObject(raw), position));
  const tests = steps.filter((step) => step.tests !== undefined);
  const task = asObject(trace.task);
  const description = asString(task.description);
  const integrity = asObject(trace.integrity);
  const links = asArray(integrity.links).length;
  const events = asArray(asObject(trace.meta).events).length;
  let chain: DevtraceView["chain"];
  if (hmacKey === undefined) {
    chain = {
      links,
      events,
      status: "unchecked",
      detail:
        links === events
          ? `${links} links for ${events} events; pass --hmac-key to verify them`
          : `${links} links for ${events} events (counts differ); pass --hmac-key to verify`,
    };
  } else {
    const result = verifyDevtraceFile(trace, hmacKey);
    chain = {
      links,
      events,
      status: result.ok ? "ok" : "broken",
      detail: result.ok
        ? `all ${result.verified} links verify`
        : `first broken link: ${result.firstBroken?.reason ?? "unknown"}`,
    };
  }
  const algorithm = asString(integrity.algorithm);
  if (algorithm !== undefined) chain.algorithm = algorithm;
  const view: DevtraceView = {
    key,
    id: asString(trace.id) ?? key,
    title: asString(task.title) ?? "(untitled)",
    ...(description === undefined ? {} : { description }),
    status:
      asString(verification.status) ?? (Object.keys(integrity).length > 0 ? "sealed" : "open"),
    steps,
    verification: {
      ...(typeof verification.required === "boolean" ? { required: verification.required } : {}),
      ...(typeof verification.passed === "boolean" ? { passed: verification.passed } : {}),
      ...(tests[0]?.tests === undefined ? {} : { before: tests[0].tests }),
      ...(tests.at(-1)?.tests === undefined ? {} : { after: tests.at(-1)?.tests }),
      logs: asArray(verification.logs ?? verification.log).map(String),
    },
    chain,
    warnings,
  };
  if (grade !== undefined) view.judge = toJudge(asObject(grade));
  return view;
}

/** One Trace step (trace.json) as the page shows it. */
export function toStep(raw: Json, position: number): DevtraceStep {
  const action = asObject(raw.action);
  const kind = asString(raw.kind) ?? "step";
  const step: DevtraceStep = {
    index: asNumber(raw.index) ?? position,
    t: asNumber(raw.t) ?? 0,
    kind,
    type: asString(action.type) ?? kind,
  };
  const text = asString(raw.text);
  if (text !== undefined) step.text = text;
  const command = asString(action.command);
  if (command !== undefined) step.command = command;
  const cwd = asString(action.cwd);
  if (cwd !== undefined) step.cwd = cwd;
  const exitCode = asNumber(action.exitCode);
  if (exitCode !== undefined) step.exitCode = exitCode;
  const path = asString(action.path);
  if (path !== undefined) step.path = path;
  const diff = asString(action.diff);
  if (diff !== undefined) step.diff = diff;
  const output = asString(action.output) ?? asString(action.stdout);
  if (output !== undefined) step.output = output;
  if (step.type === "test") {
    const passed = asNumber(action.passed);
    const failed = asNumber(action.failed);
    const framework = asString(action.framework);
    step.tests = {
      ...(passed === undefined ? {} : { passed }),
      ...(failed === undefined ? {} : { failed }),
      failedTests: asArray(action.failedTests).map(String),
      ...(framework === undefined ? {} : { framework }),
    };
  }
  return step;
}

export function overallOf(grade: Json): number | undefined {
  const components = asObject(grade.components);
  const dimensions = asArray(asObject(grade.rubric).dimensions).map(asObject);
  let sum = 0;
  let weights = 0;
  for (const dimension of dimensions) {
    const key = asString(dimension.key);
    const weight = asNumber(dimension.weight);
    const value = key === undefined ? undefined : asNumber(components[key]);
    if (weight === undefined || value === undefined) continue;
    sum += weight * value;
    weights += weight;
  }
  return weights > 0 ? Math.round((sum / weights) * 100) / 100 : undefined;
}

export function toJudge(grade: Json): NonNullable<DevtraceView["judge"]> {
  const components = asObject(grade.components);
  const rubric = asArray(asObject(grade.rubric).dimensions).map(asObject);
  const observations = asArray(grade.observations).filter(
    (each): each is string => typeof each === "string",
  );
  const keys =
    rubric.length > 0 ? rubric.map((each) => asString(each.key) ?? "") : Object.keys(components);
  const judge: NonNullable<DevtraceView["judge"]> = {
    dimensions: keys
      .filter((key) => typeof components[key] === "number")
      .map((key) => {
        const dimension = rubric.find((each) => each.key === key) ?? {};
        const weight = asNumber(dimension.weight);
        const max = asNumber(dimension.max);
        const reason = observations.find((text) => text.startsWith(`${key} `));
        return {
          key,
          value: components[key] as number,
          ...(weight === undefined ? {} : { weight }),
          ...(max === undefined ? {} : { max }),
          ...(reason === undefined ? {} : { reason }),
        };
      }),
  };
  const model = asString(asObject(grade.judge).model);
  if (model !== undefined) judge.model = model;
  const overall = overallOf(grade);
  if (overall !== undefined) judge.overall = overall;
  const score = asNumber(grade.score);
  if (score !== undefined) judge.score = score;
  const confidence = asNumber(grade.confidence);
  if (confidence !== undefined) judge.confidence = confidence;
  const summary = asString(grade.summary);
  if (summary !== undefined) judge.summary = summary;
  return judge;
}
