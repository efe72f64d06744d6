/**
 * Path mentions in generated text, and which of them name no file the record could know about:
 * a model inventing `src/utils/helpers.py` is a hallucination the dataset must not teach.
 * Extensions come from a closed list so prose like "e.g." or "v1.2.3" is never a path.
 */
const fileExtensions = new Set(
  (
    "py pyi ipynb ts tsx mts cts js jsx mjs cjs json jsonl md mdx txt rst yml yaml toml ini cfg conf " +
    "env lock rs go java kt kts scala c h cc cpp cxx hpp hh cs fs rb php pl sh bash zsh ps1 bat " +
    "html htm css scss sass less vue svelte sql xml csv tsv swift m mm dart lua r jl ex exs erl " +
    "hs clj gradle properties dockerfile makefile tf proto graphql gql png jpg jpeg gif svg webp " +
    "pdf zip gz tar log patch diff wasm"
  ).split(" "),
);

/** Characters that end a token: whitespace, quotes, brackets and separators around paths in prose. */
const tokenSeparators = /[\s"'`()[\]{}<>,;|*]+/;

function trimToken(token: string): string {
  // Trailing sentence punctuation and `:12` / `:12:5` line references are not part of the path.
  return token.replace(/(:\d+)+$/, "").replace(/[.:!?]+$/, "");
}

function hasFileExtension(segment: string): boolean {
  const dot = segment.lastIndexOf(".");
  if (dot <= 0 && !segment.startsWith(".")) return false;
  const extension = segment.slice(dot + 1).toLowerCase();
  return fileExtensions.has(extension) && dot < segment.length - 1;
}

function isPathLike(token: string): boolean {
  if (token.length < 3 || token.includes("://") || token.includes("@")) return false;
  if (/^www\./i.test(token) || /^v?\d+(\.\d+)+$/.test(token)) return false;
  if (!/^[\p{L}\p{N}_./~\\-]+$/u.test(token)) return false;
  const segments = token.split("/").filter((segment) => segment.length > 0);
  const last = segments[segments.length - 1];
  if (last === undefined || !segments.every((segment) => /[\p{L}_.]/u.test(segment))) return false;
  if (hasFileExtension(last)) return true;
  if (!token.includes("/")) return false;
  // Without an extension, a slash alone ("and/or") is not enough: require an explicit anchor or depth.
  return /^(\.{1,2}\/|\/|~\/)/.test(token) || segments.length >= 3;
}

/** Path-like tokens in order of first mention, without duplicates. */
export function findFilePaths(text: string): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  for (const raw of text.split(tokenSeparators)) {
    const token = trimToken(raw);
    if (!isPathLike(token) || seen.has(token)) continue;
    seen.add(token);
    found.push(token);
  }
  return found;
}

function normalizePath(path: string): string {
  return path.replace(/\\/g, "/").replace(/^(\.\/)+/, "");
}

/**
 * Mentioned paths that match no known file by exact path or by suffix (a basename, or a trailing
 * part of a longer path). Absolute and home paths are skipped: system files are not project files.
 */
export function hallucinatedPaths(text: string, knownFiles: readonly string[]): string[] {
  const known = knownFiles.map(normalizePath);
  const knownSet = new Set(known);
  return findFilePaths(text).filter((mention) => {
    if (mention.startsWith("/") || mention.startsWith("~")) return false;
    const path = normalizePath(mention).replace(/^(\.\.\/)+/, "");
    if (knownSet.has(path)) return false;
    return !known.some((file) => file.endsWith(`/${path}`) || path.endsWith(`/${file}`));
  });
}
