import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { q, useApi } from "../api";
import { href } from "../router";
import type { RobotEpisodeView, TrainingView } from "../types";
import { Json, Load, palette } from "./common";
import { FrameScrubber } from "./robot-frames";

export function RobotList() {
  const state = useApi<{
    episodes: { key: string; name: string }[];
    trainings: { key: string; name: string }[];
  }>("/api/robot");
  return (
    <>
      <h1>Robot</h1>
      <Load state={state}>
        {({ episodes, trainings }) => (
          <div className="grid2" data-testid="robot">
            <div className="panel">
              <h3>Corrected episodes</h3>
              {episodes.length === 0 ? <p className="muted">None.</p> : null}
              <ul>
                {episodes.map((episode) => (
                  <li key={episode.key}>
                    <a href={href("robot", "episode", episode.key)}>{episode.name}</a>
                  </li>
                ))}
              </ul>
            </div>
            <div className="panel">
              <h3>Training runs</h3>
              {trainings.length === 0 ? <p className="muted">None.</p> : null}
              <ul>
                {trainings.map((training) => (
                  <li key={training.key}>
                    <a href={href("robot", "training", training.key)}>{training.name}</a>
                  </li>
                ))}
              </ul>
            </div>
          </div>
        )}
      </Load>
    </>
  );
}

interface ChartProps {
  title: string;
  x: number[];
  series: { label: string; values: number[]; colour: string; dash?: number[] }[];
  /** Shaded x ranges (inclusive), e.g. intervention windows. */
  shade?: { start: number; end: number; colour: string }[];
  testId?: string;
}

/** A uPlot line chart; shaded ranges are drawn under the lines. */
function Chart({ title, x, series, shade = [], testId }: ChartProps) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const plot = new uPlot(
      {
        title,
        width: Math.max(320, element.clientWidth - 12),
        height: 220,
        scales: { x: { time: false } },
        series: [
          { label: "x" },
          ...series.map((each) => ({
            label: each.label,
            stroke: each.colour,
            width: 2,
            ...(each.dash ? { dash: each.dash } : {}),
          })),
        ],
        hooks: {
          drawClear: [
            (u: uPlot) => {
              const context = u.ctx;
              context.save();
              for (const range of shade) {
                const left = u.valToPos(range.start - 0.5, "x", true);
                const right = u.valToPos(range.end + 0.5, "x", true);
                context.fillStyle = range.colour;
                context.fillRect(left, u.bbox.top, right - left, u.bbox.height);
              }
              context.restore();
            },
          ],
        },
      },
      [x, ...series.map((each) => each.values)],
      element,
    );
    return () => plot.destroy();
  }, [title, x, series, shade]);
  return <div className="chart" ref={host} data-testid={testId} />;
}

export function EpisodePage({ episodeKey }: { episodeKey: string }) {
  const state = useApi<RobotEpisodeView>(`/api/robot/episode?key=${q(episodeKey)}`);
  return (
    <Load state={state}>
      {(episode) => {
        const steps = episode.after[0]?.map((_, index) => index) ?? [];
        const interventions: { start: number; end: number; colour: string }[] = [];
        episode.intervention.forEach((on, index) => {
          if (!on) return;
          const last = interventions.at(-1);
          if (last && last.end === index - 1) last.end = index;
          else interventions.push({ start: index, end: index, colour: "rgba(255,170,0,0.18)" });
        });
        const windows = episode.windows.map((window) => ({
          start: window.start,
          end: window.end,
          colour: "rgba(40,96,216,0.12)",
        }));
        return (
          <div data-testid="episode">
            <h1>
              Episode {episode.name} <span className="muted small">{episode.judge}</span>
            </h1>
            <p className="small muted">
              Orange: human intervention steps. Blue: correction windows. Dashed: before correction.
            </p>
            {episode.after.map((values, dimension) => (
              <Chart
                key={dimension}
                testId={`action-${dimension}`}
                title={`action[${dimension}] over steps`}
                x={steps}
                shade={[...interventions, ...windows]}
                series={[
                  {
                    label: "before",
                    values: episode.before[dimension] ?? [],
                    colour: "#999",
                    dash: [6, 4],
                  },
                  { label: "after", values, colour: palette[dimension % palette.length] ?? "#333" },
                ]}
              />
            ))}
            <FrameScrubber episode={episode} />
            <div className="grid2">
              <div className="panel">
                <h3>Correction windows</h3>
                <ul data-testid="windows">
                  {episode.windows.map((window) => (
                    <li key={`${window.start}-${window.end}`}>
                      steps {window.start}–{window.end}: {window.status}
                      <div className="small muted">
                        frames:{" "}
                        {episode.frames
                          .slice(window.start, window.end + 1)
                          .map((frame) => (frame ?? "–").split("/").at(-1))
                          .join(", ")}
                      </div>
                    </li>
                  ))}
                </ul>
                <h3>Changes ({episode.changes.length})</h3>
                <table className="small">
                  <tbody>
                    {episode.changes.map((change) => (
                      <tr key={change.index}>
                        <td>step {change.index}</td>
                        <td>{JSON.stringify(change.before)}</td>
                        <td>→ {JSON.stringify(change.after)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <div className="panel">
                <h3>Correction sidecar</h3>
                <Json value={episode.sidecar} />
              </div>
            </div>
          </div>
        );
      }}
    </Load>
  );
}

export function TrainingPage({ trainingKey }: { trainingKey: string }) {
  const state = useApi<TrainingView>(`/api/robot/training?key=${q(trainingKey)}`);
  return (
    <Load state={state}>
      {(training) => {
        const splits = [...new Set(training.series.map((each) => each.split))];
        return (
          <div data-testid="training">
            <h1>Training {training.name}</h1>
            {splits.map((split) => {
              const series = training.series.filter((each) => each.split === split);
              const x = series[0]?.iterations ?? [];
              return (
                <Chart
                  key={split}
                  testId={`loss-${split}`}
                  title={`${split} loss per term`}
                  x={x}
                  series={series.map((each, index) => ({
                    label: each.term,
                    values: each.values,
                    colour: palette[index % palette.length] ?? "#333",
                  }))}
                />
              );
            })}
          </div>
        );
      }}
    </Load>
  );
}
