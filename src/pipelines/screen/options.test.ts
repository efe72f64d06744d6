import { describe, expect, it } from "vitest";
import { TracemillError } from "../../core/errors.js";
import { resolveProcessOptions } from "./options.js";

describe("resolveProcessOptions", () => {
  it("treats -i as the session folder: its parent is data and out, its name the session id", () => {
    const options = resolveProcessOptions(
      { input: "recordings/20250817_232256", format: "desktop" },
      "/work",
    );
    expect(options).toMatchObject({
      data: "/work/recordings",
      out: "/work/recordings",
      sessions: ["20250817_232256"],
    });
    expect(resolveProcessOptions({ input: "recordings/x", out: "elsewhere" }, "/work").out).toBe(
      "/work/elsewhere",
    );
  });

  it("refuses a bad flag once, before any session is read", () => {
    expect(() => resolveProcessOptions({ keyboardLayout: "dvorak" }, "/work")).toThrowError(
      TracemillError,
    );
    expect(() => resolveProcessOptions({ format: "mobile" }, "/work")).toThrowError(/--format/);
    expect(() => resolveProcessOptions({ chunkSize: "0" }, "/work")).toThrowError(/--chunk-size/);
    expect(resolveProcessOptions({ keyboardLayout: "fr" }, "/work").keyboardLayout).toBe("fr");
  });
});
