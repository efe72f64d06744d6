import { join } from "node:path";
import { TracemillError } from "../core/errors.js";
import { createAnswerCache } from "./answer-cache.js";
import { buildCatalog, type CatalogItem, type ItemKind } from "./catalog.js";
import { datasetSummary, datasetView } from "./dataset-view.js";
import { devtraceSummary, devtraceView, storeKeyPrefix } from "./devtrace-view.js";
import { clusterMembers, insightsFiles, insightsSummary, insightsView } from "./insights-view.js";
import type { LiveDevtraces } from "./live-devtraces.js";
import { readInside } from "./read-inside.js";
import { episodeFrame, episodeFramePaths } from "./robot-frames.js";
import { robotEpisodeView, trainingView } from "./robot-view.js";
import { runDetail, runRows } from "./runs-view.js";
import { sessionSummary, sessionView, sftImage } from "./session-view.js";
import type { ViewerOptions } from "./viewer-options.js";

export interface ViewerData {
  catalog(): Promise<CatalogItem[]>;
  find(kind: ItemKind, key: string): Promise<CatalogItem>;
  /** The live devtrace catalog, when there is one (see live-devtraces.ts). */
  liveDevtraces(): Promise<LiveDevtraces | undefined>;
  close(): Promise<void>;
}

/** The catalog, rebuilt at most once a second (a run may be writing new outputs). */
export function createViewerData(
  options: Pick<ViewerOptions, "runsDir" | "dataDir" | "db" | "blobs" | "hmacKey">,
): ViewerData {
  let live: Promise<LiveDevtraces | undefined> | undefined;
  const liveDevtraces = () => {
    live ??= (async () => {
      const { dataDir, db } = options;
      if (dataDir === undefined && db === undefined) return undefined;
      // Loaded only when there may be a store: the store's modules are not needed otherwise.
      const { hasDevtraceCatalog, openLiveDevtraces } = await import("./live-devtraces.js");
      if (db === undefined && !(await hasDevtraceCatalog(dataDir ?? ""))) return undefined;
      return openLiveDevtraces({
        dataDir: dataDir ?? options.runsDir,
        ...(db === undefined ? {} : { db }),
        ...(options.blobs === undefined ? {} : { blobs: options.blobs }),
        ...(options.hmacKey === undefined ? {} : { hmacKey: options.hmacKey }),
      });
    })();
    return live;
  };
  let cached: { at: number; items: Promise<CatalogItem[]> } | undefined;
  const catalog = () => {
    if (cached === undefined || Date.now() - cached.at > 1000) {
      cached = {
        at: Date.now(),
        items: buildCatalog({
          runsDir: options.runsDir,
          ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
        }),
      };
    }
    return cached.items;
  };
  return {
    catalog,
    async find(kind, key) {
      const item = (await catalog()).find((each) => each.kind === kind && each.key === key);
      if (item === undefined) throw new TracemillError("not_found", `no ${kind} "${key}"`);
      return item;
    },
    liveDevtraces,
    async close() {
      await (await live)?.close();
    },
  };
}

/** Every API answer the app can ask for, by path; the static report calls the same functions. */
export function createApi(options: ViewerOptions, data: ViewerData) {
  const cache = createAnswerCache();
  const ofKind = async (kind: ItemKind) =>
    (await data.catalog()).filter((item) => item.kind === kind);
  return {
    overview: async () => {
      const items = await data.catalog();
      const count = (kind: ItemKind) => items.filter((item) => item.kind === kind).length;
      return {
        runsDir: options.runsDir,
        dataDir: options.dataDir ?? null,
        counts: {
          runs: (await runRows(options.runsDir)).length,
          sessions: count("session"),
          insights: count("insights"),
          datasets: count("dataset"),
          devtraces:
            count("devtrace") + ((await (await data.liveDevtraces())?.list())?.length ?? 0),
          robot: count("robot-episode") + count("robot-training"),
        },
      };
    },
    runs: async () => ({ runs: await runRows(options.runsDir) }),
    run: async (id: string) => runDetail(options.runsDir, id, await data.catalog()),
    sessions: async () => ({
      sessions: await Promise.all(
        (await ofKind("session")).map((item) => sessionSummary(item.key, item.path)),
      ),
    }),
    session: async (key: string) => {
      const item = await data.find("session", key);
      const files = ["trace.json", "results.json", "scores.json", "sft.json"];
      return cache.get(
        `session:${key}`,
        files.map((file) => join(item.path, file)),
        () => sessionView(item.key, item.path),
      );
    },
    insightsList: async () => ({
      insights: await Promise.all(
        (await ofKind("insights")).map((item) => insightsSummary(item.key, item.path)),
      ),
    }),
    insights: async (key: string) => {
      const item = await data.find("insights", key);
      return cache.get(
        `insights:${key}`,
        insightsFiles.map((file) => join(item.path, file)),
        () => insightsView(item.key, item.path),
      );
    },
    members: async (key: string, cluster: string) => {
      const item = await data.find("insights", key);
      return clusterMembers(item.path, cluster);
    },
    datasets: async () => ({
      datasets: await Promise.all(
        (await ofKind("dataset")).map((item) => datasetSummary(item.key, item.path, item.name)),
      ),
    }),
    dataset: async (key: string) => {
      const item = await data.find("dataset", key);
      return datasetView(item.key, item.path, item.name);
    },
    devtraces: async () => {
      const live = await data.liveDevtraces();
      return {
        devtraces: [
          ...(live === undefined ? [] : await live.list()),
          ...(await Promise.all(
            (await ofKind("devtrace")).map((item) => devtraceSummary(item.key, item.path)),
          )),
        ],
      };
    },
    devtrace: async (key: string) => {
      if (key.startsWith(storeKeyPrefix)) {
        const live = await data.liveDevtraces();
        if (live === undefined) throw new TracemillError("not_found", "no devtrace store");
        return live.view(key.slice(storeKeyPrefix.length));
      }
      const item = await data.find("devtrace", key);
      return devtraceView(item.key, item.path, options.hmacKey);
    },
    robot: async () => ({
      episodes: (await ofKind("robot-episode")).map(({ key, name }) => ({ key, name })),
      trainings: (await ofKind("robot-training")).map(({ key, name }) => ({ key, name })),
    }),
    episode: async (key: string) => {
      const item = await data.find("robot-episode", key);
      const view = await robotEpisodeView(item.key, item.path, item.name);
      const frames = await episodeFramePaths(item.path, options).catch(() => []);
      view.frameFound = view.frames.map((_, step) => frames[step] !== undefined);
      return view;
    },
    /** A camera frame of an episode's step, from its study folder (see robot-frames.ts). */
    episodeFrame: async (key: string, step: number) => {
      const item = await data.find("robot-episode", key);
      return episodeFrame(item.path, options, step);
    },
    training: async (key: string) => {
      const item = await data.find("robot-training", key);
      return trainingView(item.key, item.path, item.name);
    },
    /** A frame of a session: a path inside the session folder, images only. */
    frame: async (key: string, path: string) => {
      const item = await data.find("session", key);
      return readInside(item.path, path);
    },
    sftImage: async (key: string, index: number) => {
      const item = await data.find("session", key);
      return sftImage(item.path, index);
    },
  };
}

export type ViewerApi = ReturnType<typeof createApi>;
