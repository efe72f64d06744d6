import type { Category, ChatMessage, Provenance } from "../core/dataset-row.js";

/**
 * The export layer's contract. Every input (tracemill's own graded traces, the seed's
 * evidence/scored-runs layout, later the store) is read into `ExportRecord`s by an
 * `ExportSource`; exporters turn records into dataset rows or quarantine records; writers put
 * rows in a format. Nothing here switches on where a record came from.
 */
export interface ExportRecord {
  /** Deterministic id of the input record (sha256 of its defining fields). */
  recordId: string;
  /** The run the record came from: a session id, a seed `run_id`, a devtrace id. */
  sourceRunId?: string;
  taskId?: string;
  title?: string;
  /** Undefined when the input carries neither a category nor a grade to derive one from. */
  category?: Category;
  grade?: {
    id: string;
    score: number;
    confidence?: number;
    judge?: string;
    /** Other judges' scores for the same record, for the disagreement rule. */
    otherScores?: number[];
  };
  /** Verification (developer traces): required and whether it passed; absent when not applicable. */
  verification?: { required: boolean; passed?: boolean };
  /** The conversation for SFT; image parts carry a `path` to a file (relative to `baseDir`). */
  messages?: ChatMessage[];
  /** Plain text for RAG and for duplicate/contamination checks. */
  content: string;
  tags: string[];
  /** Files the record may legitimately name (the trace's files, the repository snapshot). */
  knownFiles?: string[];
  provenance?: Provenance;
  createdAt: string;
  /** Where the record was read from, for quarantine records and warnings. */
  origin: { file: string; line?: number };
  /** Folder that image paths in `messages` are relative to. */
  baseDir?: string;
}

export interface ExportSourceWarning {
  code: string;
  message: string;
  file: string;
  line?: number;
}

/** A reader of one input layout. Records are yielded in a deterministic order (sorted paths, file order). */
export interface ExportSource {
  readonly name: string;
  canRead(folder: string): Promise<boolean>;
  read(
    folder: string,
    onWarning: (warning: ExportSourceWarning) => void,
  ): AsyncIterable<ExportRecord>;
  /**
   * Every file the source reads (absolute paths), for the receipt: also those that yielded no
   * record (an ungraded session, a file of bad lines). Without it the receipt lists the files
   * records name.
   */
  inputFiles?(folder: string): AsyncIterable<string>;
}

export const quarantineReasons = [
  "missing_provenance",
  "missing_source_run_id",
  "empty_content",
  "schema_violation",
  "unsafe_sft_category",
  "unsafe_rag_category",
  "invalid_preference_pairing",
  "hallucinated_file_path",
  "duplicate_id",
  "self_pairing",
  "category_disallowed",
  "near_duplicate",
  "eval_contamination",
  "pii_detected",
] as const;
export type QuarantineReason = (typeof quarantineReasons)[number];

/**
 * Why a record that passed every check still made no row: `no_pair` (preference: no partner of
 * another category in its task), `partner_quarantined` (its pair's row failed validation and
 * the other record of it was quarantined).
 */
export const skipReasons = ["no_pair", "partner_quarantined"] as const;
export type SkipReason = (typeof skipReasons)[number];

export interface QuarantineRecord {
  exporter: ExportTarget;
  recordId: string;
  reasons: QuarantineReason[];
  errors: string[];
  category?: Category;
  /** The grade that decided the category, when the exporter graded the record (LeRobot). */
  grade?: { id: string; score: number };
  provenance?: Provenance;
  origin: { file: string; line?: number };
}

export type ExporterName = "sft" | "rag" | "preference";
/**
 * What an export writes: a row exporter's dataset, or a LeRobot dataset of robot episodes
 * (run-lerobot-export.ts), which has its own folder layout but the same quarantine and receipt.
 */
export type ExportTarget = ExporterName | "lerobot";
export type ExportFormat = "native" | "openai" | "trl" | "parquet";

export interface CategoryThresholds {
  /** score ≥ accept → accepted (0–100). */
  acceptScore: number;
  /** score ≥ partial → partially_accepted, else rejected. */
  partialScore: number;
  /** confidence below this → needs_human_review. */
  minConfidence: number;
  /** judges whose scores differ by more than this → needs_human_review. */
  maxJudgeSpread: number;
}

export interface ExportOptions {
  includePartial: boolean;
  includeReview: boolean;
  inlineImages: boolean;
  maxPairsPerTask: number;
  /** Jaccard similarity (MinHash estimate) at or above which a record is a near duplicate. */
  nearDuplicateThreshold: number;
  /** Word n-gram size for evaluation contamination (13). */
  contaminationNgram: number;
  /** RAG embedding text cap, characters. */
  embeddingTextMaxChars: number;
  thresholds: CategoryThresholds;
  /**
   * A record or row the privacy detectors flag: `quarantine` (default, reason `pii_detected`
   * naming the kinds) or `redact` (written with `[REDACTED:<kind>]` markers).
   */
  pii: "quarantine" | "redact";
}

export const defaultExportOptions: ExportOptions = {
  includePartial: false,
  includeReview: false,
  inlineImages: false,
  maxPairsPerTask: 5,
  nearDuplicateThreshold: 0.9,
  contaminationNgram: 13,
  embeddingTextMaxChars: 2000,
  thresholds: { acceptScore: 70, partialScore: 40, minConfidence: 0.2, maxJudgeSpread: 25 },
  pii: "quarantine",
};

export type { Category, ChatMessage, Provenance };
