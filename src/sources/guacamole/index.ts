export { codePointLength, encodeGuacamoleInstruction } from "./encode-guacamole-instruction.js";
export {
  GuacamoleInputMapper,
  type GuacamoleInputResult,
  guacamoleInputOpcodes,
  mapGuacamoleInput,
} from "./guacamole-input.js";
export {
  type GuacamoleInstruction,
  GuacamoleParser,
  type GuacamoleParserOptions,
  parseGuacamole,
} from "./guacamole-parser.js";
export { formatKeysym, type KeysymMapping, mapKeysym } from "./keysyms.js";
export { readGuacamoleInput } from "./read-guacamole-input.js";
