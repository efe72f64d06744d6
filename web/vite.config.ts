import { defineConfig } from "vite";

/**
 * The viewer app, built into dist/web (shipped in the package, served by `tracemill view`).
 * Paths are relative to the package root, where npm runs the build script.
 */
export default defineConfig({
  root: "web",
  base: "./",
  logLevel: "warn",
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: "../dist/web",
    emptyOutDir: true,
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 400,
  },
});
