import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { TestFramework } from "../types.js";

/**
 * Guesses the framework from the workspace: explicit pytest configuration first, then a
 * package.json naming vitest or jest, then go.mod, then Python test files anywhere shallow.
 */
export async function detectFramework(workspaceDir: string): Promise<TestFramework | null> {
  const top = new Set(await safeReaddir(workspaceDir));
  if (top.has("pytest.ini") || top.has("conftest.py")) return "pytest";
  for (const config of ["pyproject.toml", "setup.cfg", "tox.ini"]) {
    if (top.has(config) && /\[(tool[.:])?pytest/.test(await safeRead(workspaceDir, config))) {
      return "pytest";
    }
  }
  if (top.has("package.json")) {
    const framework = nodeFrameworkOf(await safeRead(workspaceDir, "package.json"));
    if (framework !== null) return framework;
  }
  if (top.has("go.mod")) return "go";
  if (await hasPythonTests(workspaceDir, 3)) return "pytest";
  return null;
}

function nodeFrameworkOf(text: string): TestFramework | null {
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof manifest !== "object" || manifest === null) return null;
  const record = manifest as Record<string, unknown>;
  const names = new Set<string>();
  for (const field of ["devDependencies", "dependencies"]) {
    const dependencies = record[field];
    if (typeof dependencies === "object" && dependencies !== null) {
      for (const name of Object.keys(dependencies)) names.add(name);
    }
  }
  if (names.has("vitest")) return "vitest";
  if (names.has("jest")) return "jest";
  return null;
}

async function hasPythonTests(dir: string, depth: number): Promise<boolean> {
  let entries: import("node:fs").Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  for (const entry of entries) {
    if (entry.isFile() && /^(test_.*|.*_test)\.py$/.test(entry.name)) return true;
  }
  if (depth === 0) return false;
  for (const entry of entries) {
    if (entry.isDirectory() && !entry.name.startsWith(".") && entry.name !== "node_modules") {
      if (await hasPythonTests(path.join(dir, entry.name), depth - 1)) return true;
    }
  }
  return false;
}

async function safeReaddir(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}

async function safeRead(dir: string, name: string): Promise<string> {
  try {
    return await readFile(path.join(dir, name), "utf8");
  } catch {
    return "";
  }
}
