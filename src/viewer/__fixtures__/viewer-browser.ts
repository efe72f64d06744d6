import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";
import { type Browser, chromium, type Page } from "playwright-core";
import { chromiumPath } from "../../test-support/requirements.js";
import type { ViewerOptions } from "../viewer-options.js";
import { buildViewerServer } from "../viewer-server.js";

/**
 * What every browser test of the viewer starts: the viewer server over the built app
 * (dist/web, so `npm run build` first) on a free loopback port, and Debian's Chromium headless.
 * Pages open at one size and log their console errors and uncaught exceptions into
 * `consoleErrors`, which the tests expect to stay empty.
 */
export const builtWebDir = fileURLToPath(new URL("../../../dist/web/", import.meta.url));
/** Where the tests' screenshots land. */
export const shotsDir = fileURLToPath(new URL("../../../test-output/viewer/", import.meta.url));

/** Debian's Chromium, headless, quiet (no background traffic); the tests and bench/viewer.ts use it. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export interface ViewerBrowser {
  app: FastifyInstance;
  /** http://127.0.0.1:<port> */
  base: string;
  browser: Browser;
  consoleErrors: string[];
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export async function startViewerBrowser(
  options: Omit<ViewerOptions, "webDir"> & { webDir?: string },
): Promise<ViewerBrowser> {
  const app = await buildViewerServer({ webDir: builtWebDir, ...options });
  let browser: Browser | undefined;
  try {
    const base = await app.listen({ host: "127.0.0.1", port: 0 });
    browser = await launchChromium();
    await mkdir(shotsDir, { recursive: true });
    const launched = browser;
    const consoleErrors: string[] = [];
    return {
      app,
      base,
      browser: launched,
      consoleErrors,
      async newPage() {
        const page = await launched.newPage({ viewport: { width: 1400, height: 900 } });
        page.on("console", (message) => {
          if (message.type() === "error") consoleErrors.push(`${page.url()}: ${message.text()}`);
        });
        page.on("pageerror", (error) => consoleErrors.push(`${page.url()}: ${error.message}`));
        return page;
      },
      async close() {
        await launched.close();
        await app.close();
      },
    };
  } catch (error) {
    await browser?.close().catch(() => {});
    await app.close().catch(() => {});
    throw error;
  }
}
