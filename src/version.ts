import { existsSync, readFileSync } from "node:fs";

/**
 * The package version, read once from the nearest package.json above this module (one level up
 * from src/ or dist/, two from the benchmarks' dist-bench/src/).
 */
function findPackageJson(): URL {
  for (const relative of ["../package.json", "../../package.json"]) {
    const url = new URL(relative, import.meta.url);
    if (existsSync(url)) return url;
  }
  return new URL("../package.json", import.meta.url);
}

export const toolVersion: string = (
  JSON.parse(readFileSync(findPackageJson(), "utf8")) as { version: string }
).version;
