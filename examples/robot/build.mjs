// Rebuilds the example robot study in ./study (traj_metadata.json, episodes, transcripts, frames).
// The committed files are checked against the generator by src/sources/robot/example-study.test.ts.
// Run after `npm run build`:  node examples/robot/build.mjs
import { rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { buildExampleStudy } from "../../dist/sources/robot/example-study.js";

const here = fileURLToPath(new URL("./study", import.meta.url));
await rm(here, { recursive: true, force: true });
const written = await buildExampleStudy(here);
console.log(`${written.length} files written to ${here}`);
console.log(`correct them:  npx tracemill correct --base-dir ${here} --corrected-dir corrected`);
