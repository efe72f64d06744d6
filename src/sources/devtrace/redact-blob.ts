import { Transform } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import type { Redactor } from "../../model/redact.js";
import type { VerifyResult } from "../../verify/types.js";

/**
 * Devtrace blobs pass the same detectors as events before they are stored (issue 17): a text
 * artifact uploaded with PUT …/artifacts/{key} (command output, logs, patches, notes) is redacted
 * as it streams in, line by line, so the blob store — and everything read from it — never holds
 * a card number or a key the events would have lost. Workspace snapshots and other binary blobs
 * are kept byte for byte (the sandbox restores them); what the tests print from them comes back
 * in the verification log, which is redacted before it is stored.
 */

/** Longest piece held back waiting for a line end; past it the text is cut at the last space. */
const maxPendingChars = 256 * 1024;

/** A stream of UTF-8 text redacted line by line (a secret never spans a line in these blobs). */
export function redactingStream(redactor: Redactor): Transform & { redactions: number } {
  const decoder = new StringDecoder("utf8");
  let pending = "";
  const stream = Object.assign(
    new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        pending += decoder.write(chunk);
        let cut = pending.lastIndexOf("\n") + 1;
        if (cut === 0 && pending.length > maxPendingChars) {
          cut = Math.max(pending.lastIndexOf(" ", maxPendingChars) + 1, maxPendingChars);
        }
        if (cut > 0) {
          const ready = pending.slice(0, cut);
          pending = pending.slice(cut);
          callback(null, Buffer.from(redact(ready), "utf8"));
          return;
        }
        callback();
      },
      flush(callback) {
        pending += decoder.end();
        const rest = pending;
        pending = "";
        callback(null, rest.length === 0 ? undefined : Buffer.from(redact(rest), "utf8"));
      },
    }),
    { redactions: 0 },
  );
  function redact(text: string): string {
    const result = redactor.redactText(text);
    for (const finding of result.findings) stream.redactions += finding.count;
    return result.text;
  }
  return stream;
}

/** The verification result with the text the sandbox printed (from the snapshot) redacted. */
export function redactVerifyResult(result: VerifyResult, redactor: Redactor): VerifyResult {
  return {
    ...result,
    log: redactor.redactText(result.log).text,
    ...(result.reason === undefined ? {} : { reason: redactor.redactText(result.reason).text }),
  };
}
