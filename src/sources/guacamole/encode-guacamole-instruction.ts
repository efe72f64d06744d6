/**
 * The Guacamole protocol's element lengths count Unicode code points, not UTF-16 units or bytes:
 * "😀" is `1.😀`. A lone surrogate (not valid Unicode, but possible in a JS string) counts as one,
 * which is what the parser does too, so encode → parse round-trips every JS string.
 */
export function codePointLength(value: string, from = 0, to = value.length): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    const unit = value.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < to) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    count++;
  }
  return count;
}

/** `opcode` and `args` as one instruction: `LENGTH.VALUE` elements joined by `,`, ended by `;`. */
export function encodeGuacamoleInstruction(opcode: string, args: readonly string[] = []): string {
  let text = `${codePointLength(opcode)}.${opcode}`;
  for (const arg of args) text += `,${codePointLength(arg)}.${arg}`;
  return `${text};`;
}
