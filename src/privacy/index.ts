// The privacy firewall's detectors (issue 17), under their own name. One redactor serves every
// boundary: the model door, the logger, screen outputs, devtrace blobs, insights and the export
// last check. The files stay in src/model/ so existing imports keep working.
export {
  builtInRedactionRules,
  createRedactor,
  detect,
  type RedactionFinding,
  type RedactionRule,
  type Redactor,
  redactionMarker,
} from "../model/redact.js";
export { type TokenChange, tokenChange } from "../model/redaction-metrics.js";
export type { MatchContext } from "../model/redaction-rules.js";
