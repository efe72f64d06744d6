import { describe, expect, it } from "vitest";
import { checkBubblewrap, checkDockerEngine, checkPytest } from "./checks.js";

describe("doctor's verification checks", () => {
  it("finds bubblewrap and proves it can make a sandbox", async () => {
    const check = await checkBubblewrap("/usr/bin:/bin");
    expect(check).toMatchObject({ id: "bubblewrap", status: "ok" });
    expect(check.detail).toContain("creates sandboxes");
  });

  it("warns with the fix when bubblewrap is not on the path", async () => {
    const check = await checkBubblewrap("/nonexistent");
    expect(check).toMatchObject({ status: "warn", fix: "apt-get install bubblewrap" });
  });

  it("names the interpreter and pytest version the sandbox will use", async () => {
    const check = await checkPytest();
    expect(check.status).toBe("ok");
    expect(check.detail).toMatch(/Python 3\.\d+.*pytest \d+/);
  });

  it("reports the Docker engine as optional either way", async () => {
    const check = await checkDockerEngine();
    expect(check.required).toBe(false);
    expect(["ok", "skip"]).toContain(check.status);
  });
});
