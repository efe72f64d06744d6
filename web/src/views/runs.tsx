import { useEffect, useState } from "preact/hooks";
import { isStatic, q, useApi } from "../api";
import { href, navigate } from "../router";
import type { RunDetailView, RunRow, StageRow } from "../types";
import { Badge, Load } from "./common";

const viewOf: Record<string, (key: string) => string> = {
  session: (key) => href("session", key),
  insights: (key) => href("insight", key),
  dataset: (key) => href("dataset", key),
  devtrace: (key) => href("devtrace", key),
  "robot-episode": (key) => href("robot", "episode", key),
  "robot-training": (key) => href("robot", "training", key),
};

/** Follows a running run over server-sent events: its row (stages, counts) and new event lines. */
function useLiveRun(
  id: string,
  running: boolean,
  onEvents?: (events: unknown[]) => void,
): RunRow | undefined {
  const [row, setRow] = useState<RunRow | undefined>(undefined);
  useEffect(() => {
    if (!running || isStatic()) return;
    const source = new EventSource(`/api/run/stream?id=${q(id)}`);
    source.addEventListener("run", (event) => setRow(JSON.parse((event as MessageEvent).data)));
    source.addEventListener("events", (event) =>
      onEvents?.(JSON.parse((event as MessageEvent).data) as unknown[]),
    );
    return () => source.close();
  }, [id, running]);
  return row;
}

function Stages({ stages }: { stages: StageRow[] }) {
  return (
    <div className="stages">
      {stages.map((stage) => (
        <span
          key={stage.name}
          className={`stage ${stage.status}`}
          data-stage={stage.name}
          title={stage.status}
        >
          {stage.name} <b className="done">{stage.itemsDone}</b>
        </span>
      ))}
    </div>
  );
}

const shownCounts = (counts: Record<string, number>) =>
  Object.entries(counts)
    .filter(([, value]) => value > 0)
    .slice(0, 6)
    .map(([name, value]) => `${name} ${value}`)
    .join(" · ");

function RunLine({ run }: { run: RunRow }) {
  const live = useLiveRun(run.id, run.status === "running");
  const shown = live ?? run;
  return (
    <tr className="clickable" data-run={run.id} onClick={() => navigate(href("run", run.id))}>
      <td>
        <a href={href("run", run.id)}>{run.id}</a>
      </td>
      <td>{shown.command}</td>
      <td>
        <Badge value={shown.status} />
      </td>
      <td className="small">{shownCounts(shown.counts) || <span className="muted">–</span>}</td>
      <td className={shown.warnings > 0 ? "warn" : "muted"}>{shown.warnings}</td>
      <td className={shown.errors > 0 ? "error-count" : "muted"}>{shown.errors}</td>
      <td>
        <Stages stages={shown.stages} />
      </td>
    </tr>
  );
}

export function RunsList() {
  const state = useApi<{ runs: RunRow[] }>("/api/runs");
  return (
    <>
      <h1>Runs</h1>
      <Load state={state}>
        {({ runs }) =>
          runs.length === 0 ? (
            <p className="muted">No runs in this folder yet.</p>
          ) : (
            <table data-testid="runs">
              <thead>
                <tr>
                  <th>Run</th>
                  <th>Command</th>
                  <th>Status</th>
                  <th>Counts</th>
                  <th>Warnings</th>
                  <th>Errors</th>
                  <th>Stages (items done)</th>
                </tr>
              </thead>
              <tbody>
                {runs.map((run) => (
                  <RunLine key={run.id} run={run} />
                ))}
              </tbody>
            </table>
          )
        }
      </Load>
    </>
  );
}

export function RunPage({ id }: { id: string }) {
  const state = useApi<RunDetailView>(`/api/run?id=${q(id)}`);
  return <Load state={state}>{(run) => <RunDetail run={run} />}</Load>;
}

function RunDetail({ run }: { run: RunDetailView }) {
  const [events, setEvents] = useState<unknown[]>(run.events);
  const live = useLiveRun(run.id, run.status === "running", (more) =>
    setEvents((before) => [...before, ...more].slice(-500)),
  );
  const shown = { ...run, ...(live ?? {}) };
  return (
    <div data-testid="run-detail">
      <h1>
        {run.id} <Badge value={shown.status} />
      </h1>
      <p className="muted">
        {run.command} · created {run.createdAt} · updated {shown.updatedAt} · {run.inputs} inputs
        {shown.status === "running" && !isStatic() ? " · live" : ""}
      </p>
      <div className="grid2">
        <div className="panel">
          <h3>Stages</h3>
          <table data-testid="stages">
            <tbody>
              {shown.stages.map((stage) => (
                <tr key={stage.name} data-stage-row={stage.name}>
                  <td>{stage.name}</td>
                  <td>
                    <Badge value={stage.status} />
                  </td>
                  <td className="done">{stage.itemsDone}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>Counts</h3>
          <table>
            <tbody>
              {Object.entries(shown.counts).map(([name, value]) => (
                <tr key={name}>
                  <td>{name}</td>
                  <td>{value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="panel">
          <h3>Outputs and views</h3>
          {run.links.length === 0 ? (
            <p className="muted">No views for this run's outputs.</p>
          ) : null}
          <ul>
            {run.links.map((link) => (
              <li key={link.key}>
                <a href={viewOf[link.kind]?.(link.key) ?? "#"} data-link-kind={link.kind}>
                  {link.kind}: {link.name}
                </a>
              </li>
            ))}
          </ul>
          <h3>Files</h3>
          <ul className="small">
            {run.outputs.map((file) => (
              <li key={file.path}>
                {file.path} <span className="muted">({file.bytes} B)</span>
              </li>
            ))}
          </ul>
          <h3>
            Warnings ({shown.warnings}), errors ({shown.errors})
          </h3>
          <ul className="small">
            {run.warningList.slice(-50).map((warning, index) => (
              <li key={`${warning.t}-${index}`}>
                <b>{warning.code}</b> [{warning.stage}
                {warning.item ? ` ${warning.item}` : ""}] {warning.message}
              </li>
            ))}
          </ul>
        </div>
      </div>
      <h2>Events ({events.length})</h2>
      <pre data-testid="events">
        {events
          .slice(-200)
          .map((event) => JSON.stringify(event))
          .join("\n")}
      </pre>
    </div>
  );
}
