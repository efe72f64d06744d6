// Rebuilds the example screen sessions in this folder: text inputs (committed) and the generated
// videos (not committed). Run after `npm run build`:  node examples/screen/build.mjs [--no-videos]
import { fileURLToPath } from "node:url";
import { findMediaTool } from "../../dist/media/index.js";
import { buildExampleScreenSessions } from "../../dist/pipelines/screen/index.js";

const here = fileURLToPath(new URL("./data", import.meta.url));
const videos = !process.argv.includes("--no-videos");
const ffmpeg = videos ? await findMediaTool("ffmpeg") : undefined;
const { desktopDir, webDir } = await buildExampleScreenSessions(here, {
  ffmpegPath: ffmpeg?.path,
  videos,
});
console.log(`desktop session: ${desktopDir}\nweb session:     ${webDir}`);
console.log(`process them:  npx tracemill process -f desktop -d ${here}/desktop -o out --grade`);
