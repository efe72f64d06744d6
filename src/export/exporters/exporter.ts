import type { Redactor } from "../../model/redact.js";
import type { EvalIndex } from "../checks/eval-index.js";
import {
  createNearDuplicateIndex,
  type NearDuplicateIndex,
  signatureBytes,
} from "../checks/near-duplicate-index.js";
import { createFileSignatureStore, type SignatureStore } from "../checks/signature-store.js";
import type {
  ExporterName,
  ExportOptions,
  ExportRecord,
  QuarantineRecord,
  SkipReason,
} from "../types.js";
import type { OpenSpill } from "./record-spill.js";

/**
 * One output of an exporter, in input order: a dataset row, the quarantine record of a refusal,
 * or a record left out for a reason that is no fault of its own. Every record read ends in one
 * of them, so `in = written + quarantined + skipped`.
 */
export type ExportItem<Row> =
  | {
      kind: "row";
      row: Row;
      record: ExportRecord;
      /** Input records this row uses for the first time (1 when absent; a preference pair 0–2). */
      records?: number;
    }
  | { kind: "quarantine"; quarantine: QuarantineRecord }
  | { kind: "skip"; recordId: string; reason: SkipReason };

export interface ExportContext {
  options: ExportOptions;
  evalIndex?: EvalIndex;
  /**
   * Where an exporter that must see its whole input (preference) sets records aside; a
   * temporary file in the OS temp folder (`createFileSpill`) when absent.
   */
  openSpill?: OpenSpill;
  /**
   * Where every exporter keeps its near-duplicate signatures (`width` bytes each); a temporary
   * file (`createFileSignatureStore`) when absent.
   */
  openSignatureStore?: (width: number) => SignatureStore;
  /**
   * The privacy detectors: a record in which they find anything is quarantined `pii_detected`.
   * The export shell always sets them; without them (exporter unit tests) the check is off.
   */
  redactor?: Redactor;
}

export interface Exporter<Row> {
  readonly name: ExporterName;
  run(records: AsyncIterable<ExportRecord>, context: ExportContext): AsyncIterable<ExportItem<Row>>;
}

/** The store for an exporter's near-duplicate signatures: the context's, else a temporary file. */
export function openSignatureStore(context: ExportContext): SignatureStore {
  return (context.openSignatureStore ?? createFileSignatureStore)(signatureBytes);
}

/**
 * Runs `items` with a by-id near-duplicate index over the context's signature store, closed (its
 * file removed) however the run ends, a consumer stopping early included.
 */
export async function* withNearDuplicateIndex<Row>(
  context: ExportContext,
  items: (index: NearDuplicateIndex) => AsyncIterable<ExportItem<Row>>,
): AsyncIterable<ExportItem<Row>> {
  const index = createNearDuplicateIndex(context.options.nearDuplicateThreshold, {
    signatures: openSignatureStore(context),
  });
  try {
    yield* items(index);
  } finally {
    index.close();
  }
}
