import { describe, expect, it } from "vitest";
import { findFilePaths, hallucinatedPaths } from "./find-file-paths.js";

describe("findFilePaths", () => {
  it("finds relative paths, bare file names and dotted relative paths", () => {
    const text = "I edited src/app.py and calculator.py, then ran ./x/y.ts (see `lib/util.js:12`).";
    expect(findFilePaths(text)).toEqual(["src/app.py", "calculator.py", "./x/y.ts", "lib/util.js"]);
  });

  it("ignores URLs, emails, version numbers and prose abbreviations", () => {
    const text =
      "See https://example.com/docs/page.html or www.example.com, mail dev@example.com, " +
      "upgrade to v1.2.3 or 2.0.1, e.g. this and/or that, 3.14 is pi, 1/2 of it.";
    expect(findFilePaths(text)).toEqual([]);
  });

  it("accepts extensionless paths only with an anchor or depth", () => {
    expect(findFilePaths("run ./scripts/build and src/core/utils but not src/app")).toEqual([
      "./scripts/build",
      "src/core/utils",
    ]);
  });

  it("deduplicates and strips trailing punctuation", () => {
    expect(findFilePaths("main.go. Then main.go! And .env:")).toEqual(["main.go", ".env"]);
  });
});

describe("hallucinatedPaths", () => {
  const known = ["src/app.py", "tests/test_app.py", "./README.md"];

  it("accepts exact paths, basenames and trailing suffixes", () => {
    expect(hallucinatedPaths("src/app.py app.py test_app.py ./README.md README.md", known)).toEqual(
      [],
    );
  });

  it("reports paths that match no known file", () => {
    expect(hallucinatedPaths("I changed lib/app.py and helpers.py in src/app.py", known)).toEqual([
      "lib/app.py",
      "helpers.py",
    ]);
  });

  it("skips absolute and home paths, which are not project files", () => {
    expect(hallucinatedPaths("ran /usr/bin/python3 ~/notes.md", known)).toEqual([]);
  });

  it("flags every mention when no files are known", () => {
    expect(hallucinatedPaths("see main.rs", [])).toEqual(["main.rs"]);
  });
});
