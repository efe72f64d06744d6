import { describe, expect, it } from "vitest";
import { samplePreferenceRow, sampleSftRow } from "./__fixtures__/format-fixtures.js";
import { openAiDpoSchema, openAiSftSchema, toOpenAiDpo, toOpenAiSft } from "./openai-format.js";

describe("OpenAI format", () => {
  it("turns inline images into data URLs and keeps string content", () => {
    const row = toOpenAiSft(sampleSftRow());
    expect(openAiSftSchema.safeParse(row).success).toBe(true);
    expect(row.messages[0]).toEqual({ role: "system", content: "You operate a desktop." });
    const parts = row.messages[1]?.content;
    expect(Array.isArray(parts) && parts[1]).toMatchObject({
      type: "image_url",
      image_url: { url: expect.stringMatching(/^data:image\/jpeg;base64,/) },
    });
  });

  it("references image files by their relative path", () => {
    const base = sampleSftRow();
    const row = toOpenAiSft({
      ...base,
      messages: [{ role: "user", content: [{ type: "image", path: "images/abc.jpg" }] }],
    });
    expect(row.messages[0]?.content).toEqual([
      { type: "image_url", image_url: { url: "images/abc.jpg" } },
    ]);
  });

  it("builds DPO rows with input, preferred and non-preferred outputs", () => {
    const row = toOpenAiDpo(samplePreferenceRow());
    expect(openAiDpoSchema.parse(row)).toEqual({
      input: { messages: [{ role: "user", content: "Open the settings." }] },
      preferred_output: [{ role: "assistant", content: "Clicked the gear icon." }],
      non_preferred_output: [{ role: "assistant", content: "Closed the window." }],
    });
  });

  it("refuses a native row passed as an OpenAI row", () => {
    expect(openAiSftSchema.safeParse(sampleSftRow()).success).toBe(false);
  });
});
