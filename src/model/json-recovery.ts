/**
 * Recovers a JSON object from a model answer when the endpoint has no strict mode: the whole text,
 * else a ```json fenced block, else the first balanced `{…}` that parses (string-aware matching).
 */
export type JsonRecovery =
  | { ok: true; value: unknown; source: "direct" | "fenced" | "balanced" }
  | { ok: false; error: string };

const fencePattern = /```[ \t]*([a-zA-Z0-9_-]*)[ \t]*\r?\n?([\s\S]*?)```/g;

export function recoverJson(text: string): JsonRecovery {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: false, error: "the answer was empty" };
  const direct = tryParse(trimmed);
  if (direct.ok) return { ok: true, value: direct.value, source: "direct" };

  for (const match of trimmed.matchAll(fencePattern)) {
    const language = (match[1] ?? "").toLowerCase();
    if (language !== "" && language !== "json" && language !== "jsonc") continue;
    const fenced = tryParse((match[2] ?? "").trim());
    if (fenced.ok) return { ok: true, value: fenced.value, source: "fenced" };
  }

  for (const candidate of balancedObjects(trimmed)) {
    const parsed = tryParse(candidate);
    if (parsed.ok) return { ok: true, value: parsed.value, source: "balanced" };
  }
  return { ok: false, error: `no valid JSON object found (${direct.error})` };
}

/** Every top-level `{…}` span in order, matching braces outside string literals only. */
export function balancedObjects(text: string): string[] {
  const spans: string[] = [];
  let searchFrom = 0;
  while (searchFrom < text.length) {
    const start = text.indexOf("{", searchFrom);
    if (start === -1) break;
    const end = matchingBrace(text, start);
    if (end === -1) {
      searchFrom = start + 1;
      continue;
    }
    spans.push(text.slice(start, end + 1));
    searchFrom = end + 1;
  }
  return spans;
}

function matchingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let index = start; index < text.length; index += 1) {
    const character = text[index];
    if (inString) {
      if (character === "\\") index += 1;
      else if (character === '"') inString = false;
      continue;
    }
    if (character === '"') inString = true;
    else if (character === "{") depth += 1;
    else if (character === "}") {
      depth -= 1;
      if (depth === 0) return index;
    }
  }
  return -1;
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
