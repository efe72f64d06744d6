import { isAscii } from "node:buffer";
import { TextDecoder } from "node:util";
import type { SourceWarning } from "../types.js";
import { codePointLength } from "./encode-guacamole-instruction.js";

/**
 * A streaming parser of the Guacamole protocol (`LENGTH.VALUE,LENGTH.VALUE,…;`).
 *
 * - Chunks may be split anywhere: inside a length, a value, a multi-byte UTF-8 sequence (Buffers
 *   go through a streaming TextDecoder) or a surrogate pair (strings: a trailing high surrogate is
 *   held back until the next chunk).
 * - LENGTH counts Unicode code points, so values may hold `,` `;` `.` and newlines untouched.
 * - `offset` is the CODE-POINT offset of the instruction's first character in the stream (the
 *   same number whether the stream is fed as text or as bytes); warnings carry it too.
 * - Malformed input gives one warning per bad region and the parser resynchronises at the next
 *   `;` followed by a digit. A truncated last instruction is a warning at `end()`, never a throw.
 * - With `opcodes`, other instructions are still checked for structure but their values are only
 *   counted, never copied, so megabytes of `img`/`blob` base64 cost a length check per chunk.
 */
export interface GuacamoleInstruction {
  opcode: string;
  args: string[];
  offset: number;
}

export interface GuacamoleParserOptions {
  /** Only these instructions are returned (and built); all when absent. */
  opcodes?: Iterable<string>;
  /** Named in warnings. */
  file?: string;
  /** A longer element is treated as corruption (a garbled length would swallow the stream). */
  maxElementLength?: number;
}

const LENGTH = 0;
const VALUE = 1;
const TERMINATOR = 2;
const SKIP = 3;
const DEFAULT_MAX_ELEMENT_LENGTH = 64 * 1024 * 1024;
const SURROGATE = /[\ud800-\udfff]/;

export class GuacamoleParser {
  private readonly filter: ReadonlySet<string> | undefined;
  private readonly file: string;
  private readonly maxElementLength: number;
  private readonly warnings: SourceWarning[] = [];
  private decoder: TextDecoder | undefined;
  private heldHighSurrogate = "";
  private state = LENGTH;
  /** Code points consumed so far: the offset of the next character. */
  private position = 0;
  private length = 0;
  private digits = 0;
  private remaining = 0;
  private parts: string[] = [];
  private elementIndex = 0;
  private keep = true;
  private opcode = "";
  private args: string[] = [];
  private instructionOffset = 0;
  /** Set after a malformed region until an instruction parses, so one bad region warns once. */
  private recovering = false;

  constructor(options: GuacamoleParserOptions = {}) {
    this.filter = options.opcodes ? new Set(options.opcodes) : undefined;
    this.file = options.file ?? "";
    this.maxElementLength = options.maxElementLength ?? DEFAULT_MAX_ELEMENT_LENGTH;
  }

  /** Feed the next chunk; returns the instructions it completed. */
  push(chunk: string | Uint8Array): GuacamoleInstruction[] {
    let text: string;
    // ASCII bytes (base64 display payloads) cannot decode to surrogates: a native check that
    // spares scanning the decoded text for them.
    let ascii = false;
    if (typeof chunk === "string") text = chunk;
    else {
      this.decoder ??= new TextDecoder("utf-8");
      text = this.decoder.decode(chunk, { stream: true });
      ascii = isAscii(chunk);
    }
    if (this.heldHighSurrogate) {
      text = this.heldHighSurrogate + text;
      this.heldHighSurrogate = "";
      ascii = false;
    }
    const last = text.charCodeAt(text.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      this.heldHighSurrogate = text.slice(-1);
      text = text.slice(0, -1);
    }
    const out: GuacamoleInstruction[] = [];
    this.scan(text, out, ascii);
    return out;
  }

  /** End of stream: flushes held input and reports a truncated last instruction. */
  end(): GuacamoleInstruction[] {
    let rest = this.decoder ? this.decoder.decode() : "";
    rest = this.heldHighSurrogate + rest;
    this.heldHighSurrogate = "";
    const out: GuacamoleInstruction[] = [];
    this.scan(rest, out);
    const midInstruction = this.state !== LENGTH || this.digits > 0 || this.elementIndex > 0;
    if (this.state !== SKIP && midInstruction) {
      const what = this.elementIndex > 0 ? `"${this.opcode}" instruction` : "instruction";
      this.warn("guac_truncated", `the last ${what} is truncated`, this.instructionOffset);
    }
    this.resetInstruction();
    this.state = LENGTH;
    return out;
  }

  /** Warnings gathered since the last call. */
  takeWarnings(): SourceWarning[] {
    return this.warnings.splice(0);
  }

  private scan(text: string, out: GuacamoleInstruction[], ascii = false): void {
    const n = text.length;
    // Without surrogates one UTF-16 unit is one code point: values are skipped in O(1).
    const simple = ascii || !SURROGATE.test(text);
    let i = 0;
    while (i < n) {
      if (this.state === VALUE) {
        let j = i;
        let consumed = 0;
        if (simple) {
          consumed = Math.min(this.remaining, n - i);
          j = i + consumed;
        } else {
          for (; consumed < this.remaining && j < n; consumed++) {
            const u = text.charCodeAt(j);
            j += u >= 0xd800 && u <= 0xdbff && j + 1 < n && isLow(text.charCodeAt(j + 1)) ? 2 : 1;
          }
        }
        if (this.collecting()) this.parts.push(text.slice(i, j));
        this.remaining -= consumed;
        this.position += consumed;
        i = j;
        if (this.remaining === 0) this.state = TERMINATOR;
        continue;
      }
      if (this.state === SKIP) {
        const end = text.indexOf(";", i);
        const stop = end < 0 ? n : end + 1;
        this.position += simple ? stop - i : codePointLength(text, i, stop);
        i = stop;
        if (end >= 0) this.state = LENGTH;
        continue;
      }
      const unit = text.charCodeAt(i);
      if (this.state === TERMINATOR) {
        if (unit === 44 /* , */ || unit === 59 /* ; */) {
          i++;
          this.position++;
          this.finishElement();
          if (unit === 59) this.finishInstruction(out);
          else this.state = LENGTH;
        } else this.malformed(text, i, "expected ',' or ';' after an element");
        continue;
      }
      // LENGTH
      if (unit >= 48 && unit <= 57) {
        if (this.digits === 0 && this.elementIndex === 0) this.instructionOffset = this.position;
        this.length = this.length * 10 + (unit - 48);
        this.digits++;
        i++;
        this.position++;
        if (this.length > this.maxElementLength) {
          this.malformed(text, i, `element length over ${this.maxElementLength}`);
        }
      } else if (unit === 46 /* . */ && this.digits > 0) {
        i++;
        this.position++;
        this.remaining = this.length;
        this.parts = [];
        this.state = this.remaining === 0 ? TERMINATOR : VALUE;
      } else if (this.digits === 0 && this.elementIndex === 0 && isSpace(unit)) {
        // Tolerated between instructions (a trailing newline in a file), never inside one.
        i++;
        this.position++;
      } else if (this.recovering && this.digits === 0 && this.elementIndex === 0) {
        // This `;` did not start an instruction: keep skipping without a second warning.
        this.state = SKIP;
      } else this.malformed(text, i, "expected an element length");
    }
  }

  private collecting(): boolean {
    return this.elementIndex === 0 || this.keep;
  }

  private finishElement(): void {
    const value = this.collecting() ? this.parts.join("") : "";
    this.parts = [];
    if (this.elementIndex === 0) {
      this.opcode = value;
      this.keep = this.filter === undefined || this.filter.has(value);
    } else if (this.keep) this.args.push(value);
    this.elementIndex++;
    this.length = 0;
    this.digits = 0;
  }

  private finishInstruction(out: GuacamoleInstruction[]): void {
    if (this.keep)
      out.push({ opcode: this.opcode, args: this.args, offset: this.instructionOffset });
    this.recovering = false;
    this.resetInstruction();
    this.state = LENGTH;
  }

  private resetInstruction(): void {
    this.length = 0;
    this.digits = 0;
    this.remaining = 0;
    this.parts = [];
    this.elementIndex = 0;
    this.keep = true;
    this.opcode = "";
    this.args = [];
  }

  private malformed(text: string, at: number, reason: string): void {
    if (!this.recovering) {
      const offset = this.position;
      const near = JSON.stringify(text.slice(at, at + 24));
      this.warn(
        "guac_malformed",
        `${reason} at offset ${offset} (near ${near}); skipped to the next instruction`,
        offset,
      );
    }
    this.recovering = true;
    this.resetInstruction();
    this.state = SKIP;
  }

  private warn(code: string, message: string, offset: number): void {
    this.warnings.push({ code, message, file: this.file, offset });
  }
}

/** Parse a whole stream (one string/Buffer or a list of chunks) at once. */
export function parseGuacamole(
  input: string | Uint8Array | Iterable<string | Uint8Array>,
  options: GuacamoleParserOptions = {},
): { value: GuacamoleInstruction[]; warnings: SourceWarning[] } {
  const parser = new GuacamoleParser(options);
  const chunks = typeof input === "string" || input instanceof Uint8Array ? [input] : input;
  const value: GuacamoleInstruction[] = [];
  for (const chunk of chunks) for (const one of parser.push(chunk)) value.push(one);
  for (const one of parser.end()) value.push(one);
  return { value, warnings: parser.takeWarnings() };
}

function isSpace(unit: number): boolean {
  return unit === 10 || unit === 13 || unit === 32 || unit === 9;
}

function isLow(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}
