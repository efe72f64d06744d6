import { describe, expect, it } from "vitest";
import { samplePreferenceRow, sampleSftRow } from "./__fixtures__/format-fixtures.js";
import { toTrlPreference, toTrlSft, trlPreferenceSchema, trlSftSchema } from "./trl-format.js";

describe("TRL format", () => {
  it("puts image placeholders in content and sources in an images column", () => {
    const row = toTrlSft(sampleSftRow());
    expect(trlSftSchema.safeParse(row).success).toBe(true);
    expect(row.messages[1]?.content).toEqual([
      { type: "text", text: "Open the settings." },
      { type: "image" },
    ]);
    expect(row.images).toHaveLength(1);
    expect(row.images?.[0]).toMatch(/^data:image\/jpeg;base64,/);
  });

  it("omits the images column for text-only rows", () => {
    const row = toTrlSft(sampleSftRow({ messages: [{ role: "user", content: "hi" }] }));
    expect(row).toEqual({ messages: [{ role: "user", content: "hi" }] });
  });

  it("builds conversational preference rows", () => {
    const row = toTrlPreference(samplePreferenceRow());
    expect(trlPreferenceSchema.parse(row)).toEqual({
      prompt: [{ role: "user", content: "Open the settings." }],
      chosen: [{ role: "assistant", content: "Clicked the gear icon." }],
      rejected: [{ role: "assistant", content: "Closed the window." }],
    });
  });
});
