import type { ContentPart, ModelMessage } from "./types.js";

/**
 * What leaves the process: every text part redacted, then truncated to the per-part limit; images
 * capped per request (extras dropped with a note the model can see) and given a detail level.
 * Pure: returns the prepared messages and notes for the caller to report.
 */
export interface PrepareOptions {
  redactText?: (text: string) => { text: string; findings: { rule: string; count: number }[] };
  maxCharsPerPart: number;
  maxImagesPerRequest: number;
  imageDetail: "low" | "high" | "auto";
}

export interface PreparedMessages {
  messages: ModelMessage[];
  notes: string[];
  redactions: { rule: string; count: number }[];
}

export function prepareMessages(
  messages: ModelMessage[],
  options: PrepareOptions,
): PreparedMessages {
  const notes: string[] = [];
  const redactionCounts = new Map<string, number>();
  let imagesKept = 0;
  let imagesDropped = 0;

  const prepareText = (text: string): string => {
    let result = text;
    if (options.redactText !== undefined) {
      const redacted = options.redactText(text);
      result = redacted.text;
      for (const finding of redacted.findings) {
        redactionCounts.set(finding.rule, (redactionCounts.get(finding.rule) ?? 0) + finding.count);
      }
    }
    if (result.length > options.maxCharsPerPart) {
      notes.push(
        `a text part of ${result.length} characters was truncated to ${options.maxCharsPerPart}`,
      );
      result = `${result.slice(0, options.maxCharsPerPart)}\n[truncated: ${options.maxCharsPerPart} of ${result.length} characters kept]`;
    }
    return result;
  };

  const prepared = messages.map((message): ModelMessage => {
    if (typeof message.content === "string")
      return { role: message.role, content: prepareText(message.content) };
    const parts: ContentPart[] = [];
    let droppedHere = 0;
    for (const part of message.content) {
      if (part.type === "text") {
        parts.push({ type: "text", text: prepareText(part.text) });
      } else if (imagesKept < options.maxImagesPerRequest) {
        imagesKept += 1;
        parts.push({ ...part, detail: part.detail ?? options.imageDetail });
      } else {
        droppedHere += 1;
      }
    }
    if (droppedHere > 0) {
      imagesDropped += droppedHere;
      parts.push({
        type: "text",
        text: `[${droppedHere} image(s) omitted: requests are capped at ${options.maxImagesPerRequest} images]`,
      });
    }
    return { role: message.role, content: parts };
  });

  if (imagesDropped > 0) {
    notes.push(
      `${imagesDropped} image(s) dropped: requests are capped at ${options.maxImagesPerRequest} images`,
    );
  }
  const redactions = [...redactionCounts.entries()]
    .map(([rule, count]) => ({ rule, count }))
    .sort((a, b) => a.rule.localeCompare(b.rule));
  return { messages: prepared, notes, redactions };
}

/** Rough request size: four characters a token for text, a flat 85 tokens per low-detail image. */
export function estimateInputTokens(messages: ModelMessage[], jsonSchema: unknown): number {
  let characters = JSON.stringify(jsonSchema).length;
  let imageTokens = 0;
  for (const message of messages) {
    if (typeof message.content === "string") {
      characters += message.content.length;
      continue;
    }
    for (const part of message.content) {
      if (part.type === "text") characters += part.text.length;
      else imageTokens += part.detail === "high" ? 765 : 85;
    }
  }
  return Math.ceil(characters / 4) + imageTokens;
}
