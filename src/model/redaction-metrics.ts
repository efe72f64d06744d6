/**
 * How much of a text redaction changed, in whitespace-separated tokens: the false-positive measure
 * of the clean corpus (test and bench). Lines are compared one to one (redaction keeps line breaks
 * unless a multi-line secret was removed); within a line, tokens kept are the longest common
 * subsequence of the two token lists, and every other original token counts as changed.
 */
export interface TokenChange {
  tokens: number;
  changed: number;
  rate: number;
}

export function tokenChange(original: string, redacted: string): TokenChange {
  const before = original.split("\n");
  const after = redacted.split("\n");
  let tokens = 0;
  let changed = 0;
  if (before.length !== after.length) {
    // A multi-line match removed line breaks: count every token of the text as changed.
    const all = tokensOf(original).length;
    return { tokens: all, changed: all, rate: all === 0 ? 0 : 1 };
  }
  for (let index = 0; index < before.length; index += 1) {
    const left = tokensOf(before[index] ?? "");
    tokens += left.length;
    const line = after[index] ?? "";
    if (line === before[index]) continue;
    changed += left.length - commonSubsequence(left, tokensOf(line));
  }
  return { tokens, changed, rate: tokens === 0 ? 0 : changed / tokens };
}

function tokensOf(text: string): string[] {
  return text.split(/\s+/).filter((token) => token.length > 0);
}

function commonSubsequence(left: readonly string[], right: readonly string[]): number {
  let previous = new Array<number>(right.length + 1).fill(0);
  for (const token of left) {
    const current = new Array<number>(right.length + 1).fill(0);
    for (let column = 1; column <= right.length; column += 1) {
      current[column] =
        right[column - 1] === token
          ? (previous[column - 1] ?? 0) + 1
          : Math.max(previous[column] ?? 0, current[column - 1] ?? 0);
    }
    previous = current;
  }
  return previous[right.length] ?? 0;
}
