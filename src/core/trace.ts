import { z } from "zod";

/** The Trace: every source format normalises into this one shape (ARCHITECTURE.md). */
export const traceSchemaId = "tracemill.trace/v1";

const point = z.tuple([z.number(), z.number()]);
const mouseButton = z.enum(["left", "right", "middle"]);

export const actionSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("click"), x: z.number(), y: z.number(), button: mouseButton }),
  z.object({ type: z.literal("double_click"), x: z.number(), y: z.number(), button: mouseButton }),
  z.object({
    type: z.literal("drag"),
    path: z.array(point).min(2).describe("pixel coordinates from press to release"),
    button: mouseButton,
  }),
  z.object({ type: z.literal("move"), x: z.number(), y: z.number() }),
  z.object({
    type: z.literal("scroll"),
    x: z.number().optional(),
    y: z.number().optional(),
    dx: z.number(),
    dy: z.number(),
  }),
  z.object({ type: z.literal("type"), text: z.string() }),
  z.object({
    type: z.literal("key"),
    keys: z.array(z.string()).min(1).describe("key names, modifiers first: ['cmd', 'c']"),
  }),
  z.object({
    type: z.literal("command"),
    command: z.string(),
    cwd: z.string().optional(),
    exitCode: z.number().int().optional(),
  }),
  z.object({
    type: z.literal("edit"),
    path: z.string(),
    diff: z.string().optional(),
    language: z.string().optional(),
    /** A change of several files at once (a devtrace `code_change`); `path` then lists them. */
    files: z.array(z.string()).optional(),
    description: z.string().optional(),
    linesAdded: z.number().int().nonnegative().optional(),
    linesRemoved: z.number().int().nonnegative().optional(),
  }),
  z.object({
    type: z.literal("test"),
    framework: z.string().optional(),
    selection: z.string().optional().describe("the tests asked for, when a subset was run"),
    passed: z.number().int().nonnegative(),
    failed: z.number().int().nonnegative(),
    failedTests: z.array(z.string()).optional(),
  }),
  z.object({
    type: z.literal("commit"),
    sha: z.string(),
    parentSha: z.string().optional(),
    message: z.string(),
  }),
  z.object({
    type: z.literal("focus"),
    app: z.string().min(1).describe("the application that came to the front"),
    title: z.string().optional().describe("window or element title, when known"),
  }),
  z.object({
    type: z.literal("control"),
    values: z.array(z.number()).describe("a control vector, e.g. [steering, acceleration]"),
  }),
]);
export type Action = z.infer<typeof actionSchema>;
export type ActionType = Action["type"];

export const cropInfoSchema = z.object({
  x: z.number(),
  y: z.number(),
  width: z.number().positive(),
  height: z.number().positive(),
});

export const mediaRefSchema = z.object({
  kind: z.enum(["video", "image", "audio", "transcript", "artifact"]),
  path: z.string().describe("relative to the trace's folder, or a blob key"),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  bytes: z.number().int().nonnegative().optional(),
  mimeType: z.string().optional(),
  t: z.number().optional().describe("seconds from trace start, for frames"),
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
  crop: cropInfoSchema.optional(),
});
export type MediaRef = z.infer<typeof mediaRefSchema>;

export const originSchema = z.object({
  file: z.string(),
  line: z.number().int().positive().optional(),
  offset: z.number().int().nonnegative().optional(),
  seq: z
    .number()
    .int()
    .nonnegative()
    .optional()
    .describe("the source's own sequence number for the event, when it numbers them"),
});

/** The named parts of a structured note (a developer's rationale); `text` renders them. */
export const rationaleSchema = z.object({
  plan: z.string().optional(),
  hypothesis: z.string().optional(),
  observation: z.string().optional(),
  decision: z.string().optional(),
  next_step: z.string().optional(),
  freeform: z.string().optional(),
});
export type Rationale = z.infer<typeof rationaleSchema>;

export const stepSchema = z.object({
  index: z.number().int().nonnegative(),
  t: z.number().describe("seconds from trace start"),
  time: z
    .number()
    .optional()
    .describe("the source clock's reading for the step (Unix seconds), when the source has one"),
  actor: z.enum(["human", "agent", "user", "assistant", "system", "environment"]),
  kind: z.enum(["action", "observation", "message", "note"]),
  action: actionSchema.optional(),
  text: z.string().optional(),
  rationale: rationaleSchema.optional().describe("a note step's structured parts"),
  frame: mediaRefSchema.optional(),
  intervention: z.boolean().optional(),
  state: z
    .array(z.number())
    .optional()
    .describe("the robot's observation (state vector) the step's control action was taken from"),
  weight: z
    .union([z.number(), z.boolean()])
    .optional()
    .describe("a robot action's training weight in [-1, 1], or its include flag, from correction"),
  signal: z
    .object({ name: z.string().min(1), value: z.number() })
    .optional()
    .describe("an outcome signal such as a reward; kept for judges, never put in messages"),
  target: z
    .object({ role: z.string().min(1), label: z.string().optional() })
    .optional()
    .describe("the on-screen element a click landed on (accessibility role and label)"),
  outsideRecording: z
    .boolean()
    .optional()
    .describe("the action's point lies outside the recorded display: no marker or crop"),
  origin: originSchema,
});
export type Step = z.infer<typeof stepSchema>;

export const sourceFileSchema = z.object({
  path: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().nonnegative(),
});
export type SourceFile = z.infer<typeof sourceFileSchema>;

export const traceSchema = z.object({
  schema: z.literal(traceSchemaId),
  id: z.string().min(1),
  kind: z.enum(["screen", "devtrace", "conversation", "robot"]),
  source: z.object({ format: z.string().min(1), files: z.array(sourceFileSchema) }),
  task: z
    .object({
      id: z.string().optional(),
      title: z.string().optional(),
      description: z.string().optional(),
      objectives: z.array(z.string()).optional(),
    })
    .optional(),
  actor: z.object({ id: z.string().optional(), role: z.string().optional() }).optional(),
  environment: z
    .object({
      platform: z.string().optional(),
      app: z.string().optional(),
      screen: z
        .object({
          width: z.number().int().positive().describe("physical pixels, as in the video"),
          height: z.number().int().positive(),
          scale: z
            .number()
            .positive()
            .optional()
            .describe("physical pixels per logical point (2 on a retina display); default 1"),
        })
        .optional(),
    })
    .optional(),
  steps: z.array(stepSchema),
  media: z.array(mediaRefSchema),
  meta: z.record(z.string(), z.unknown()).describe("adapter-only fields; shared code ignores them"),
  integrity: z
    .object({
      algorithm: z.literal("hmac-sha256-chain"),
      links: z.array(z.object({ index: z.number().int().nonnegative(), hash: z.string() })),
      keyId: z.string().optional(),
      /** Seal v2: event count, last link and an HMAC over them, the trace id and chunk hashes. */
      count: z.number().int().nonnegative().optional(),
      head: z.string().optional(),
      seal: z.string().optional(),
    })
    .optional(),
});
export type Trace = z.infer<typeof traceSchema>;
export type TraceKind = Trace["kind"];
