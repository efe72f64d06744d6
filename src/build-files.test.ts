import { readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * What `tsc -p tsconfig.build.json` compiles is what ships in dist: a file only tests import (a
 * fixture, a test double) must be excluded there, and nothing that ships may import an excluded one.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

function filesOf(config: string): string[] {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    resolve(root, config),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
      },
    },
  );
  if (parsed === undefined) throw new Error(`cannot read ${config}`);
  return parsed.fileNames
    .map((file) => resolve(file))
    .filter((file) => file.startsWith(resolve(root, "src")));
}

/** Shipped though no shipped file imports them: the package entry, and what examples/ runs from dist. */
const entryPoints = new Set(
  ["src/index.ts", "src/sources/robot/example-study.ts"].map((file) => resolve(root, file)),
);

/** Relative imports of one file, resolved to the .ts files they name. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const found: string[] = [];
  for (const match of text.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)) {
    const specifier = match[1] as string;
    found.push(resolve(dirname(file), specifier.replace(/\.js$/, ".ts")));
  }
  return found;
}

describe("build files", () => {
  const all = filesOf("tsconfig.json");
  const built = new Set(filesOf("tsconfig.build.json"));
  const importers = new Map<string, string[]>();
  for (const file of all) {
    for (const target of importsOf(file))
      importers.set(target, [...(importers.get(target) ?? []), file]);
  }

  it("ships no file that only tests (or files left out of the build) import", () => {
    const testOnly = [...built].filter((file) => {
      const users = importers.get(file) ?? [];
      return !entryPoints.has(file) && users.length > 0 && users.every((user) => !built.has(user));
    });
    expect(testOnly.map((file) => relative(root, file))).toEqual([]);
  });

  it("ships no file that imports a file left out of the build", () => {
    const broken = [...built].flatMap((file) =>
      importsOf(file)
        .filter((target) => all.includes(target) && !built.has(target))
        .map((target) => `${relative(root, file)} -> ${relative(root, target)}`),
    );
    expect(broken).toEqual([]);
  });
});
