/**
 * `tracemill view`: a JSON API over the runs folder and a data folder, and the built web app
 * (dist/web). Everything sent is a view model made on the server (src/viewer/*-view.ts), so
 * what a page can see is decided here: insights only ever carry privacy-filtered clusters.
 */
export interface ViewerOptions {
  runsDir: string;
  dataDir?: string;
  /** The built web app (index.html and assets/). */
  webDir: string;
  /** Required on every request when set (bearer header, cookie, or ?token= on the page URL). */
  token?: string;
  /** Verifies devtrace hash chains when given. */
  hmacKey?: string;
  /** Hosts the Host header may name (DNS-rebinding guard); undefined accepts any. */
  allowedHosts?: string[];
  /**
   * The devtrace catalog to read live: a PGlite folder or postgres://…. Default: `<dataDir>/catalog`
   * when the data folder is a tracemill data folder (the server's `--data-dir`).
   */
  db?: string;
  /** The blob store beside it (command outputs); default `<dataDir>/blobs`. */
  blobs?: string;
  /** How often a live stream looks for new events (ms). */
  pollMs?: number;
}
