import { eachLine } from "../../core/each-line.js";

/**
 * Texts of evaluation files for the contamination index. JSONL lines contribute their string
 * values only, so JSON keys and punctuation never form n-grams that match every dataset row;
 * any other line is taken as text.
 */
export async function evalTexts(paths: readonly string[]): Promise<string[]> {
  const texts: string[] = [];
  for (const path of paths) {
    await eachLine(path, (line) => {
      if (line.trim() !== "") texts.push(lineText(line));
    });
  }
  return texts;
}

export function lineText(line: string): string {
  try {
    const strings: string[] = [];
    collectStrings(JSON.parse(line), strings);
    return strings.join("\n");
  } catch {
    return line;
  }
}

function collectStrings(value: unknown, into: string[]): void {
  if (typeof value === "string") into.push(value);
  else if (Array.isArray(value)) for (const item of value) collectStrings(item, into);
  else if (value !== null && typeof value === "object") {
    for (const member of Object.values(value)) collectStrings(member, into);
  }
}
