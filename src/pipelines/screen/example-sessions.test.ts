import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { exampleDesktopSessionId, exampleSessionTexts } from "./example-sessions.js";

const committed = fileURLToPath(new URL("../../../examples/screen/data/", import.meta.url));

describe("example screen sessions", () => {
  it("are deterministic and the committed copies are what the builder writes", async () => {
    const texts = exampleSessionTexts();
    expect(exampleSessionTexts()).toEqual(texts);
    for (const [name, text] of Object.entries(texts.desktop.files)) {
      expect(
        await readFile(join(committed, "desktop", exampleDesktopSessionId, name), "utf8"),
        name,
      ).toBe(text);
    }
    for (const [name, text] of Object.entries(texts.web.files)) {
      expect(await readFile(join(committed, "web", name), "utf8"), name).toBe(text);
    }
  });
});
