import type { Trace, TraceKind } from "../core/trace.js";

/**
 * The contract every source reader implements (ARCHITECTURE.md): one folder per input format
 * under src/sources, each exporting a `SourceReader`. Readers never throw for one bad line or
 * event: they return a warning naming the file and line and go on. A whole input that cannot be
 * read at all (missing, wrong format) is a TracemillError.
 */
export interface SourceWarning {
  code: string;
  message: string;
  file: string;
  line?: number;
  offset?: number;
}

export interface SourceReadResult {
  traces: Trace[];
  warnings: SourceWarning[];
}

export interface SourceReadOptions {
  /** Session ids to read when the path holds several; all when absent. */
  sessions?: string[];
  /** Time-zone-free clock for deterministic output in tests (ms since epoch). */
  now?: () => number;
}

export interface SourceReader<Options extends SourceReadOptions = SourceReadOptions> {
  /** Short name, as on the command line: desktop, web, devtrace, conversations, robot. */
  readonly name: string;
  /** The `source.format` of the Traces it returns. */
  readonly format: string;
  readonly kind: TraceKind;
  /** Cheap check (file names, first bytes), no full parse; false (never a throw) when missing. */
  canRead(path: string): Promise<boolean>;
  read(path: string, options?: Options): Promise<SourceReadResult>;
  /** The session ids a data folder holds, for pipelines that go one session at a time. */
  listSessions?(path: string): Promise<string[]>;
}
