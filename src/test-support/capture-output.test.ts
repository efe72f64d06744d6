import { describe, expect, it } from "vitest";
import { buildProgram } from "../cli/main.js";
import { captureOutput, testProgram } from "./capture-output.js";

describe("testProgram", () => {
  it("declares the same global flags as the real CLI root (all but --version)", () => {
    const flags = (options: readonly { flags: string }[]) =>
      options.map((option) => option.flags).filter((flag) => flag !== "-V, --version");
    expect(flags(testProgram().options)).toEqual(flags(buildProgram().options));
    expect(flags(testProgram().options)).toContain("--runs-dir <dir>");
  });

  it("registers each command it is given", () => {
    const program = testProgram(
      (root) => void root.command("first"),
      (root) => void root.command("second"),
    );
    expect(program.commands.map((command) => command.name())).toEqual(["first", "second"]);
  });
});

describe("captureOutput", () => {
  it("keeps stdout and stderr apart, forgets on clear, and writes through again after restore", () => {
    const realWrite = process.stdout.write;
    const output = captureOutput();
    process.stdout.write("one ");
    process.stdout.write(Buffer.from("two"));
    process.stderr.write("warning");
    expect(output.stdout()).toBe("one two");
    expect(output.stderr()).toBe("warning");
    output.clear();
    expect(output.stdout()).toBe("");
    process.stdout.write("three");
    output.restore();
    expect(output.stdout()).toBe("three");
    expect(process.stdout.write).toBe(realWrite);
  });
});
