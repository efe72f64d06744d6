/**
 * 1-based line of each element of a JSON document's array, `key` of the root object (or the root
 * itself when it is an array), so a step or a warning can point at `file:line` after JSON.parse
 * has thrown the positions away. A small scanner (strings, escapes, nesting), no second parse.
 * Returns [] when the array is not found; callers then leave `line` out.
 */
export function jsonElementLines(text: string, key: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let stringStart = 0;
  let lastString = "";
  let currentKey = "";
  let arrayDepth = -1;
  let expectingElement = false;
  let seenRoot = false;

  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\n") line++;
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') {
        inString = false;
        lastString = text.slice(stringStart, i);
      }
      continue;
    }
    if (c === " " || c === "\t" || c === "\r" || c === "\n") continue;
    if (expectingElement && depth === arrayDepth && c !== "]") {
      lines.push(line);
      expectingElement = false;
    }
    if (c === '"') {
      inString = true;
      stringStart = i + 1;
    } else if (c === ":" && depth === 1) currentKey = lastString;
    else if (c === "{" || c === "[") {
      const rootArray = !seenRoot && c === "[";
      const keyed = depth === 1 && c === "[" && currentKey === key && arrayDepth < 0;
      seenRoot = true;
      depth++;
      if (rootArray || keyed) {
        arrayDepth = depth;
        expectingElement = true;
      }
    } else if (c === "}" || c === "]") {
      if (c === "]" && depth === arrayDepth) return lines;
      depth--;
    } else if (c === "," && depth === arrayDepth) expectingElement = true;
    else seenRoot = true;
  }
  return lines;
}
