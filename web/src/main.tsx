import { render } from "preact";
import "./style.css";
import { type Loaded, useApi } from "./api";
import { href, type Route, useRoute } from "./router";
import type { Overview } from "./types";
import { DatasetList, DatasetPage } from "./views/datasets";
import { DevtraceList, DevtracePage } from "./views/devtraces";
import { InsightsList, InsightsPage } from "./views/insights";
import { EpisodePage, RobotList, TrainingPage } from "./views/robot";
import { RunPage, RunsList } from "./views/runs";
import { SessionList, SessionPage } from "./views/sessions";

const sections = [
  ["runs", "Runs", "runs"],
  ["sessions", "Screen sessions", "sessions"],
  ["insights", "Conversation insights", "insights"],
  ["datasets", "Datasets", "datasets"],
  ["devtraces", "Developer traces", "devtraces"],
  ["robot", "Robot", "robot"],
] as const;

const sectionOf: Record<string, string> = {
  run: "runs",
  session: "sessions",
  insight: "insights",
  dataset: "datasets",
  devtrace: "devtraces",
};

function Page({ route }: { route: Route }) {
  const [head = "runs", a, b] = route.parts;
  switch (head) {
    case "runs":
      return <RunsList />;
    case "run":
      return <RunPage id={a ?? ""} />;
    case "sessions":
      return <SessionList />;
    case "session":
      return <SessionPage sessionKey={a ?? ""} route={route} />;
    case "insights":
      return <InsightsList />;
    case "insight":
      return <InsightsPage insightsKey={a ?? ""} />;
    case "datasets":
      return <DatasetList />;
    case "dataset":
      return <DatasetPage datasetKey={a ?? ""} />;
    case "devtraces":
      return <DevtraceList />;
    case "devtrace":
      return <DevtracePage traceKey={a ?? ""} />;
    case "robot":
      if (a === "episode") return <EpisodePage episodeKey={b ?? ""} />;
      if (a === "training") return <TrainingPage trainingKey={b ?? ""} />;
      return <RobotList />;
    default:
      return <p className="error">No page "{head}".</p>;
  }
}

function App() {
  const route = useRoute();
  const overview: Loaded<Overview> = useApi<Overview>("/api/overview");
  const current = sectionOf[route.parts[0] ?? "runs"] ?? route.parts[0] ?? "runs";
  return (
    <>
      <header className="top">
        <span className="brand">tracemill view</span>
        <nav>
          {sections.map(([id, label, count]) => (
            <a key={id} href={href(id)} className={current === id ? "active" : ""} data-nav={id}>
              {label}
              {overview.data ? <span className="n">{overview.data.counts[count]}</span> : null}
            </a>
          ))}
        </nav>
        <span className="where">
          {overview.data?.static
            ? `report of run ${overview.data.static}`
            : (overview.data?.dataDir ?? overview.data?.runsDir ?? "")}
        </span>
      </header>
      <main>
        <Page route={route} />
      </main>
    </>
  );
}

const root = document.getElementById("app");
if (root) render(<App />, root);
