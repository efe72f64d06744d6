import { createReadStream } from "node:fs";
import type { SourceWarning } from "../types.js";
import {
  GuacamoleInputMapper,
  type GuacamoleInputResult,
  guacamoleInputOpcodes,
} from "./guacamole-input.js";
import { GuacamoleParser } from "./guacamole-parser.js";

/**
 * The I/O shell: stream a `.guac` recording through the parser (input opcodes only, so the
 * display stream is skipped without building its values) into the input mapper. Memory stays
 * at one read chunk plus the input events, whatever the size of the recording.
 * `file` names the recording in warnings and step origins (the path relative to the data folder).
 */
export async function readGuacamoleInput(
  path: string,
  options: { file: string },
): Promise<{ value: GuacamoleInputResult; warnings: SourceWarning[] }> {
  const parser = new GuacamoleParser({ opcodes: guacamoleInputOpcodes, file: options.file });
  const mapper = new GuacamoleInputMapper({ file: options.file });
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    for (const instruction of parser.push(chunk as Buffer)) mapper.add(instruction);
  }
  for (const instruction of parser.end()) mapper.add(instruction);
  const parsed = parser.takeWarnings();
  const mapped = mapper.finish();
  return { value: mapped.value, warnings: [...parsed, ...mapped.warnings] };
}
