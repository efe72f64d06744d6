/**
 * Recorded text (typed strings, window titles, quests, reasoning) is untrusted: it goes to a
 * judge model and may end up in HTML previews. sanitizeText keeps it readable while removing what
 * could steer or break either: control and invisible characters, script blocks and dangerous
 * tags, event-handler attributes, javascript:/vbscript:/data: URIs and chat-template tokens.
 */
export const defaultMaxTextChars = 500;

// C0 controls except \t and \n, DEL and C1 controls.
const controlCharacters = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
// Zero-width characters, bidirectional overrides and isolates, BOM: they hide or reorder text.
const invisibleCharacters = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
const scriptBlock = /<\s*script\b[\s\S]*?(?:<\s*\/\s*script\s*>|$)/gi;
const dangerousTag =
  /<\s*\/?\s*(?:script|iframe|object|embed|style|link|meta|base|form|svg|math|frame|frameset)\b[^>]*>?/gi;
const htmlTag = /<[a-z][^<>]*>/gi;
const eventHandler = /\bon[a-z]+\s*=/gi;
// Browsers ignore whitespace inside a scheme ("java\tscript:"), so the pattern does too.
const scriptUri =
  /\b(?:j\s*a\s*v\s*a|v\s*b)\s*s\s*c\s*r\s*i\s*p\s*t\s*(?::|&colon;|&#0*58;|&#x0*3a;)\S*/gi;
const dataUri = /\bdata\s*:\s*[a-z]+\/[a-z0-9.+-]+[^\s"'<>]*/gi;
// Chat-template control tokens (<|im_start|>, <|endoftext|> …) that could fake a new turn.
const templateToken = /<\|[^|>\n]{0,40}\|>/g;

export function sanitizeText(text: string, maxChars: number = defaultMaxTextChars): string {
  const cleaned = text
    .replace(/\r\n?/g, "\n")
    .replace(controlCharacters, "")
    .replace(invisibleCharacters, "")
    .replace(scriptBlock, "[script removed]")
    .replace(dangerousTag, "[tag removed]")
    .replace(htmlTag, (tag) => tag.replace(eventHandler, "data-removed="))
    .replace(scriptUri, "[script URI removed]")
    .replace(dataUri, "[data URI removed]")
    .replace(templateToken, "[token removed]")
    .replace(/[ \t\f\v\u00A0]+/g, " ")
    .replace(/ *\n[\s]*/g, "\n")
    .trim();
  return truncate(cleaned, maxChars);
}

/** Cuts by code points (never splitting a surrogate pair) and marks the cut with an ellipsis. */
export function truncate(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const codePoints = Array.from(text);
  if (codePoints.length <= maxChars) return text;
  return `${codePoints
    .slice(0, Math.max(0, maxChars - 1))
    .join("")
    .trimEnd()}…`;
}
