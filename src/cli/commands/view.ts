import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { hmacKeyFromEnvironment, viewTokenFromEnvironment } from "../../config/environment.js";
import { TracemillError } from "../../core/errors.js";
import { isPostgresUrl } from "../../store/open-catalog.js";
import { buildStaticReport } from "../../viewer/static-report.js";
import { buildViewerServer } from "../../viewer/viewer-server.js";
import { configFor, emit, notice } from "../output.js";

/** The built app: dist/web next to dist/cli. */
export const webDirectory = fileURLToPath(new URL("../../web/", import.meta.url));
const loopback = new Set(["127.0.0.1", "localhost", "::1"]);

/** `view` (loaded when the command runs; the options live in view-command.ts). */
export async function viewAction(flags: Record<string, unknown>, command: Command): Promise<void> {
  const config = await configFor(command);
  const runsDir = resolve(config.runsDir);
  const dataDir = typeof flags.data === "string" ? resolve(flags.data) : undefined;
  const hmacKey =
    (typeof flags.hmacKey === "string" ? flags.hmacKey : undefined) ?? hmacKeyFromEnvironment();
  const store = {
    ...(typeof flags.db === "string"
      ? { db: isPostgresUrl(flags.db) ? flags.db : resolve(flags.db) }
      : {}),
    ...(typeof flags.blobs === "string"
      ? { blobs: flags.blobs.startsWith("s3://") ? flags.blobs : resolve(flags.blobs) }
      : {}),
  };
  if (typeof flags.static === "string") {
    const out = resolve(String(flags.out ?? "report.html"));
    const report = await buildStaticReport({
      runsDir,
      ...(dataDir === undefined ? {} : { dataDir }),
      webDir: webDirectory,
      runId: flags.static,
      ...store,
      ...(hmacKey === undefined ? {} : { hmacKey }),
    });
    await writeFile(out, report.html);
    emit(command, `wrote ${out} (${report.paths.length} views and images of run ${flags.static})`, {
      out,
      run: flags.static,
      answers: report.paths.length,
      bytes: Buffer.byteLength(report.html),
    });
    return;
  }
  const host = String(flags.host ?? "127.0.0.1");
  const token =
    (typeof flags.token === "string" ? flags.token : undefined) ?? viewTokenFromEnvironment();
  if (!loopback.has(host) && (token === undefined || token.length < 16)) {
    throw new TracemillError(
      "config_invalid",
      `binding to ${host} exposes your runs to the network: pass --token <at least 16 characters> (or TRACEMILL_VIEW_TOKEN), or keep the default --host 127.0.0.1`,
    );
  }
  const port = Number(flags.port ?? 4000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new TracemillError(
      "input_invalid",
      `--port must be 0–65535, got "${String(flags.port)}"`,
    );
  }
  const app = await buildViewerServer({
    runsDir,
    ...(dataDir === undefined ? {} : { dataDir }),
    webDir: webDirectory,
    ...store,
    ...(token === undefined ? {} : { token }),
    ...(hmacKey === undefined ? {} : { hmacKey }),
    ...(loopback.has(host) ? { allowedHosts: [...loopback] } : {}),
  });
  let address: string;
  try {
    address = await app.listen({ host, port });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE" || code === "EACCES" || code === "EADDRNOTAVAIL") {
      throw new TracemillError(
        "unavailable",
        `port ${port} ${code === "EADDRINUSE" ? "is in use" : `cannot be bound on ${host}`} (choose another with --port)`,
        { cause: error, details: { plain: true } },
      );
    }
    throw error;
  }
  const url = `${address.replace("[::1]", "localhost")}/${token === undefined ? "" : `?token=${encodeURIComponent(token)}`}`;
  if (dataDir === undefined) notice(command, "view: no --data folder; showing runs only");
  emit(
    command,
    `tracemill view: open ${url} (runs ${runsDir}${dataDir ? `, data ${dataDir}` : ""}); Ctrl-C stops it`,
    {
      url,
      runsDir,
      dataDir: dataDir ?? null,
    },
  );
}
