import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { mediaUrl, q, useApi } from "../api";
import { href, navigate, type Route } from "../router";
import type { SessionStep, SessionSummary, SessionView } from "../types";
import { Bar, fmt, Load, palette } from "./common";

export function SessionList() {
  const state = useApi<{ sessions: SessionSummary[] }>("/api/sessions");
  return (
    <>
      <h1>Screen sessions</h1>
      <Load state={state}>
        {({ sessions }) =>
          sessions.length === 0 ? (
            <p className="muted">No processed screen sessions in the data folder.</p>
          ) : (
            <table data-testid="sessions">
              <thead>
                <tr>
                  <th>Session</th>
                  <th>Task</th>
                  <th>Steps</th>
                  <th>Score</th>
                </tr>
              </thead>
              <tbody>
                {sessions.map((session) => (
                  <tr
                    key={session.key}
                    className="clickable"
                    onClick={() => navigate(href("session", session.key))}
                  >
                    <td>
                      <a href={href("session", session.key)}>{session.id}</a>
                    </td>
                    <td>{session.title}</td>
                    <td>{session.steps}</td>
                    <td>{fmt(session.score)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Load>
    </>
  );
}

export function SessionPage({ sessionKey, route }: { sessionKey: string; route: Route }) {
  const state = useApi<SessionView>(`/api/session?key=${q(sessionKey)}`);
  const step = Number(route.params.get("step") ?? "0");
  return (
    <Load state={state}>
      {(session) => <Session session={session} selected={Number.isFinite(step) ? step : 0} />}
    </Load>
  );
}

const frameUrl = (key: string, path: string) =>
  mediaUrl(`/api/frame?key=${q(key)}&path=${q(path)}`);

function Session({ session, selected }: { session: SessionView; selected: number }) {
  const types = Object.keys(session.actionTypes);
  const colour = useMemo(() => {
    const names = Object.keys(session.actionTypes);
    return (type: string) => palette[names.indexOf(type) % palette.length] ?? "#888";
  }, [session]);
  const [hidden, setHidden] = useState<Set<string>>(new Set());
  // Thumbnails load after the full-size frame, so they do not compete with it.
  const [frameLoaded, setFrameLoaded] = useState(false);
  const shown = useMemo(
    () => session.steps.filter((step) => !hidden.has(step.type)),
    [session, hidden],
  );
  const position = Math.max(
    0,
    session.steps.findIndex((step) => step.index === selected),
  );
  const current = session.steps[position];
  /** The frame on screen at a step: its own, or the latest one before it. */
  let frameStep: SessionStep | undefined;
  for (let i = position; i >= 0 && frameStep === undefined; i--) {
    if (session.steps[i]?.frame !== undefined) frameStep = session.steps[i];
  }
  // Before the first frame, show the first one (the screen as the recording starts).
  frameStep ??= session.steps.find((step) => step.frame !== undefined);
  const select = (index: number) => navigate(`${href("session", session.key)}?step=${index}`);
  const end = Math.max(1, session.steps.at(-1)?.t ?? 1);
  const withFrames = session.steps.filter((step) => step.frame !== undefined);
  const near = withFrames.findIndex((step) => step.index >= (frameStep?.index ?? 0));
  const thumbs = withFrames.slice(Math.max(0, near - 6), Math.max(0, near - 6) + 13);
  const toggle = (type: string) => {
    const next = new Set(hidden);
    if (next.has(type)) next.delete(type);
    else next.add(type);
    setHidden(next);
  };
  return (
    <div data-testid="session">
      <h1>
        {session.title}{" "}
        <span className="muted small">
          {session.id} · {session.steps.length} steps
          {session.grade?.score !== undefined ? ` · score ${session.grade.score}` : ""}
        </span>
      </h1>
      <div className="chips" data-testid="type-filter">
        {types.map((type) => (
          <button
            type="button"
            key={type}
            className={`chip ${hidden.has(type) ? "" : "on"}`}
            data-type={type}
            onClick={() => toggle(type)}
          >
            <span className="swatch" style={{ background: colour(type) }} />
            {type} {session.actionTypes[type]}
          </button>
        ))}
      </div>
      <button
        type="button"
        className="timeline"
        data-testid="timeline"
        title="jump to the step nearest this time"
        onClick={(event) => {
          const box = (event.currentTarget as HTMLElement).getBoundingClientRect();
          const t = ((event.clientX - box.left) / box.width) * end;
          let best = shown[0];
          for (const step of shown)
            if (Math.abs(step.t - t) < Math.abs((best?.t ?? 0) - t)) best = step;
          if (best) select(best.index);
        }}
      >
        <Ticks steps={shown} end={end} colour={colour} />
        {current ? (
          <span className="cursor" style={{ left: `${(current.t / end) * 100}%` }} />
        ) : null}
      </button>
      <div className="thumbs" data-testid="thumbs">
        {(frameLoaded ? thumbs : []).map((step) => (
          <button
            type="button"
            key={step.index}
            className="thumb"
            data-thumb={step.index}
            onClick={() => select(step.index)}
          >
            <img
              src={frameUrl(session.key, step.frame ?? "")}
              alt={`step ${step.index}`}
              loading="lazy"
              className={step.index === frameStep?.index ? "sel" : ""}
            />
          </button>
        ))}
      </div>
      <div className="session">
        <StepList steps={shown} selected={current?.index} colour={colour} select={select} />
        <div>
          {current ? (
            <p data-testid="current-step">
              <b>Step {current.index}</b> at {current.t.toFixed(2)} s · {current.actor} ·{" "}
              {current.label}
            </p>
          ) : null}
          {frameStep?.frame ? (
            <div className="frame" data-testid="frame">
              <img
                src={frameUrl(session.key, frameStep.frame)}
                alt={`frame of step ${frameStep.index}`}
                fetchPriority="high"
                onLoad={() => setFrameLoaded(true)}
                onError={() => setFrameLoaded(true)}
              />
              {current ? (
                <ActionOverlay step={current} session={session} frame={frameStep} />
              ) : null}
            </div>
          ) : (
            <p className="muted">No frame for this step.</p>
          )}
        </div>
        <div>
          <Grade session={session} select={select} />
          <h3>SFT messages</h3>
          <div className="messages panel" data-testid="messages">
            {session.messages.map((message, index) => (
              <div key={index} className={`msg ${message.role}`}>
                <b>{message.role}</b>{" "}
                {message.image !== undefined ? (
                  <img
                    loading="lazy"
                    alt={`frame sent with message ${index}`}
                    src={mediaUrl(`/api/sft-image?key=${q(session.key)}&n=${message.image}`)}
                  />
                ) : (
                  message.text
                )}
              </div>
            ))}
          </div>
        </div>
      </div>
    </div>
  );
}

/** The steps on the timeline, drawn on a canvas (thousands of DOM ticks cost a layout each). */
function Ticks({
  steps,
  end,
  colour,
}: {
  steps: SessionStep[];
  end: number;
  colour: (type: string) => string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const element = canvas.current;
    const context = element?.getContext("2d");
    if (!element || !context) return;
    const ratio = window.devicePixelRatio || 1;
    const width = element.clientWidth;
    const height = element.clientHeight;
    element.width = Math.round(width * ratio);
    element.height = Math.round(height * ratio);
    context.scale(ratio, ratio);
    let last = "";
    for (const step of steps) {
      const fill = colour(step.type);
      if (fill !== last) {
        context.fillStyle = fill;
        last = fill;
      }
      context.fillRect(Math.min(width - 2, (step.t / end) * width), 4, 2, height - 8);
    }
    element.dataset.ticks = String(steps.length);
  }, [steps, end, colour]);
  return <canvas className="ticks" ref={canvas} data-testid="ticks" />;
}

const rowHeight = 24;

/**
 * The step list, virtualized: only the rows in view (and a margin) are in the DOM, so a session of
 * thousands of steps opens as fast as a short one. The selected step is scrolled into view.
 */
function StepList({
  steps,
  selected,
  colour,
  select,
}: {
  steps: SessionStep[];
  selected: number | undefined;
  colour: (type: string) => string;
  select: (index: number) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [top, setTop] = useState(0);
  const height = 600;
  useEffect(() => {
    const element = box.current;
    const position = steps.findIndex((step) => step.index === selected);
    if (!element || position < 0) return;
    const y = position * rowHeight;
    if (y < element.scrollTop || y > element.scrollTop + element.clientHeight - rowHeight) {
      element.scrollTop = Math.max(0, y - element.clientHeight / 2);
      setTop(element.scrollTop);
    }
  }, [selected, steps]);
  const first = Math.max(0, Math.floor(top / rowHeight) - 10);
  const last = Math.min(steps.length, Math.ceil((top + height) / rowHeight) + 10);
  return (
    <div
      className="steplist"
      data-testid="steps"
      data-count={steps.length}
      ref={box}
      style={{ height: `${height}px` }}
      onScroll={(event) => setTop((event.currentTarget as HTMLDivElement).scrollTop)}
    >
      <div style={{ height: `${steps.length * rowHeight}px`, position: "relative" }}>
        {steps.slice(first, last).map((step, offset) => (
          <button
            type="button"
            key={step.index}
            className={`step ${step.index === selected ? "sel" : ""}`}
            data-step={step.index}
            style={{
              position: "absolute",
              top: `${(first + offset) * rowHeight}px`,
              height: `${rowHeight}px`,
            }}
            onClick={() => select(step.index)}
          >
            <span className="i">{step.index}</span>
            <span className="swatch" style={{ background: colour(step.type) }} />
            <span className="label">
              {step.t.toFixed(1)}s {step.label}
            </span>
          </button>
        ))}
      </div>
    </div>
  );
}

/** The action drawn over the frame, in the frame's pixel space. */
function ActionOverlay({
  step,
  session,
  frame,
}: {
  step: SessionStep;
  session: SessionView;
  frame: SessionStep;
}) {
  const width = frame.frameWidth ?? session.screen?.width ?? 1280;
  const height = frame.frameHeight ?? session.screen?.height ?? 800;
  const stroke = "#ff3b30";
  const label = (x: number, y: number, text: string) => (
    <g>
      <rect
        x={x}
        y={y - 26}
        width={Math.min(width - x, 14 + text.length * 11)}
        height={32}
        fill="#000a"
        rx={6}
      />
      <text x={x + 8} y={y - 4} fill="#fff" font-size={20} font-family="monospace">
        {text}
      </text>
    </g>
  );
  let drawing = null;
  if (step.path && step.path.length > 0) {
    const [sx, sy] = step.path[0] ?? [0, 0];
    const [ex, ey] = step.path.at(-1) ?? [0, 0];
    drawing = (
      <g data-draw="drag">
        <polyline
          points={step.path.map(([x, y]) => `${x},${y}`).join(" ")}
          fill="none"
          stroke={stroke}
          stroke-width={5}
        />
        <circle cx={sx} cy={sy} r={10} fill={stroke} />
        <circle cx={ex} cy={ey} r={14} fill="none" stroke={stroke} stroke-width={5} />
      </g>
    );
  } else if (step.type === "scroll" && step.x !== undefined && step.y !== undefined) {
    const length = Math.max(-200, Math.min(200, (step.dy ?? 0) * 30));
    drawing = (
      <g data-draw="scroll">
        <line
          x1={step.x}
          y1={step.y}
          x2={step.x}
          y2={step.y + length}
          stroke={stroke}
          stroke-width={6}
        />
        <circle cx={step.x} cy={step.y} r={10} fill={stroke} />
        {label(step.x + 14, step.y, `scroll ${step.dy ?? 0}`)}
      </g>
    );
  } else if (step.x !== undefined && step.y !== undefined) {
    drawing = (
      <g data-draw="click">
        <circle cx={step.x} cy={step.y} r={26} fill="none" stroke={stroke} stroke-width={6} />
        <circle cx={step.x} cy={step.y} r={6} fill={stroke} />
        {step.target ? label(step.x + 30, step.y, step.target) : null}
      </g>
    );
  } else if (step.text !== undefined) {
    drawing = <g data-draw="type">{label(20, height - 20, `type "${step.text}"`)}</g>;
  } else if (step.keys !== undefined) {
    drawing = <g data-draw="key">{label(20, height - 20, `keys ${step.keys.join("+")}`)}</g>;
  } else if (step.type === "focus") {
    drawing = <g data-draw="focus">{label(20, 40, step.label)}</g>;
  }
  return (
    <svg viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" data-testid="overlay">
      <title>{step.label}</title>
      {drawing}
    </svg>
  );
}

function Grade({ session, select }: { session: SessionView; select: (index: number) => void }) {
  const grade = session.grade;
  if (grade === undefined) return <p className="muted">Not graded.</p>;
  return (
    <div className="panel" data-testid="grade">
      <h3>Grade</h3>
      <p>
        <b style={{ fontSize: "22px" }}>{fmt(grade.score)}</b>
        <span className="muted">
          {" "}
          / 100 · confidence {fmt(grade.confidence)} · {grade.judge}
        </span>
      </p>
      <div className="components">
        {grade.components.map((component) => (
          <div className="c" key={component.name}>
            <span>{component.name}</span>
            <Bar value={component.value} max={100} />
            <span>
              {fmt(component.value)}
              {component.weight !== undefined ? ` ×${component.weight}` : ""}
            </span>
          </div>
        ))}
      </div>
      {grade.summary ? <p className="small">{grade.summary}</p> : null}
      <h3>Observations</h3>
      <ul className="small" data-testid="observations">
        {grade.observations.map((observation, index) => (
          <li key={index}>
            {observation.text}
            {observation.steps.length > 0 ? (
              <span className="muted">
                {" "}
                → steps
                {observation.steps.slice(0, 12).map((index) => (
                  <button
                    type="button"
                    className="link"
                    key={index}
                    data-goto-step={index}
                    onClick={() => select(index)}
                  >
                    {index}
                  </button>
                ))}
              </span>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
