import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import type { Step, Trace } from "../../core/trace.js";
import type { ModelClient } from "../../model/model-client.js";
import type { ContentPart } from "../../model/types.js";
import type { SourceWarning } from "../../sources/types.js";

/**
 * Web augmenters: for each action that has a screenshot, a dense caption of the screen, the
 * state transition the action caused (compared with the next screenshot) and the structured
 * data visible on the screen — each through the model door, with the model that answered
 * recorded beside every item. The offline provider has no vision: augmentation is skipped and
 * a warning says so, never faked.
 */
const denseCaptionSchema = z
  .object({
    caption: z
      .string()
      .min(1)
      .describe("a detailed description of everything visible on the screen"),
  })
  .strict();
const stateTransitionSchema = z
  .object({
    change: z
      .string()
      .min(1)
      .describe("what changed on screen between the two screenshots because of the action"),
    succeeded: z.boolean().describe("whether the action appears to have had its intended effect"),
  })
  .strict();
const structuredDataSchema = z
  .object({
    title: z.string().describe("the window or page title, empty when none is visible"),
    elements: z
      .array(
        z
          .object({
            type: z.string().describe("button, link, field, text, menu, …"),
            text: z.string(),
          })
          .strict(),
      )
      .describe("the interactive elements and labelled values visible on the screen"),
  })
  .strict();

export interface AugmentItem {
  stepIndex: number;
  frame: string;
  nextFrame?: string;
  action: string;
  denseCaption: z.infer<typeof denseCaptionSchema>;
  stateTransition?: z.infer<typeof stateTransitionSchema>;
  structuredData: z.infer<typeof structuredDataSchema>;
  model: string;
  responseIds: string[];
}

export async function augmentSession(
  trace: Trace,
  outDir: string,
  client: ModelClient,
): Promise<{ items: AugmentItem[]; warnings: SourceWarning[] }> {
  if (client.offline) {
    return {
      items: [],
      warnings: [
        {
          code: "augment_skipped",
          message:
            "--augment needs a vision model (e.g. --judge openai:gpt-4o-mini); the offline provider has none",
          file: "augment.json",
        },
      ],
    };
  }
  const framed = trace.steps.filter((step) => step.kind === "action" && step.action && step.frame);
  const items: AugmentItem[] = [];
  const warnings: SourceWarning[] = [];
  for (const step of framed) {
    const next = nextFrame(trace.steps, step);
    try {
      items.push(await augmentStep(step, next, outDir, client, trace.meta.sessionId));
    } catch (error) {
      warnings.push({
        code: "augment_failed",
        message: `step ${step.index}: ${(error as Error).message}`,
        file: "augment.json",
      });
    }
  }
  return { items, warnings };
}

async function augmentStep(
  step: Step,
  next: Step | undefined,
  outDir: string,
  client: ModelClient,
  sessionId: unknown,
): Promise<AugmentItem> {
  const framePath = step.frame?.path as string;
  const image = await imagePart(outDir, framePath);
  const action = JSON.stringify(step.action);
  const context = { sessionId, step: step.index };
  const caption = await client.generateObject({
    schema: denseCaptionSchema,
    schemaName: "screen_dense_caption",
    messages: [
      {
        role: "user",
        content: [
          {
            type: "text",
            text: "Describe this screenshot densely: every window, control, text and state you can see.",
          },
          image,
        ],
      },
    ],
    context,
  });
  const structured = await client.generateObject({
    schema: structuredDataSchema,
    schemaName: "screen_structured_data",
    messages: [
      {
        role: "user",
        content: [
          {
            type: "text",
            text: "List the title and the interactive elements and labelled values visible on this screenshot.",
          },
          image,
        ],
      },
    ],
    context,
  });
  const transition = next?.frame
    ? await client.generateObject({
        schema: stateTransitionSchema,
        schemaName: "screen_state_transition",
        messages: [
          {
            role: "user",
            content: [
              {
                type: "text",
                text: `The first screenshot is before this action, the second after it: ${action}. What changed, and did the action work?`,
              },
              image,
              await imagePart(outDir, next.frame.path),
            ],
          },
        ],
        context,
      })
    : undefined;
  return {
    stepIndex: step.index,
    frame: framePath,
    ...(next?.frame ? { nextFrame: next.frame.path } : {}),
    action,
    denseCaption: caption.value,
    ...(transition ? { stateTransition: transition.value } : {}),
    structuredData: structured.value,
    model: `${caption.provider}:${caption.model}`,
    responseIds: [caption, structured, transition].flatMap((answer) =>
      answer?.responseId ? [answer.responseId] : [],
    ),
  };
}

function nextFrame(steps: readonly Step[], step: Step): Step | undefined {
  return steps.find(
    (candidate) =>
      candidate.t > step.t && candidate.frame && candidate.frame.path !== step.frame?.path,
  );
}

async function imagePart(outDir: string, path: string): Promise<ContentPart> {
  return {
    type: "image",
    data: (await readFile(join(outDir, path))).toString("base64"),
    mimeType: "image/jpeg",
    detail: "low",
  };
}
