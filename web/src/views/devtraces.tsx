import { q, useApi } from "../api";
import { href, navigate } from "../router";
import type { DevtraceStep, DevtraceSummary, DevtraceView } from "../types";
import { Badge, Bar, fmt, Load } from "./common";

export function DevtraceList() {
  const state = useApi<{ devtraces: DevtraceSummary[] }>("/api/devtraces");
  return (
    <>
      <h1>Developer traces</h1>
      <Load state={state}>
        {({ devtraces }) =>
          devtraces.length === 0 ? (
            <p className="muted">No developer traces in the data folder.</p>
          ) : (
            <table data-testid="devtraces">
              <thead>
                <tr>
                  <th>Trace</th>
                  <th>Task</th>
                  <th>Status</th>
                  <th>Events</th>
                  <th>Tests</th>
                  <th>Judge (0–5)</th>
                </tr>
              </thead>
              <tbody>
                {devtraces.map((trace) => (
                  <tr
                    key={trace.key}
                    className="clickable"
                    onClick={() => navigate(href("devtrace", trace.key))}
                  >
                    <td>
                      <a href={href("devtrace", trace.key)}>{trace.id}</a>
                    </td>
                    <td>{trace.title}</td>
                    <td data-status={trace.status ?? "exported"} title={statusNote(trace)}>
                      {trace.status === undefined ? (
                        <span className="muted small">exported</span>
                      ) : (
                        <Badge value={trace.status} />
                      )}
                    </td>
                    <td>{trace.steps}</td>
                    <td>
                      {trace.testsPassed === undefined ? (
                        "–"
                      ) : (
                        <Badge value={trace.testsPassed ? "pass" : "fail"} />
                      )}
                    </td>
                    <td>{fmt(trace.overall)}</td>
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

/** Why a trace reads as it does (the API's status_reason / failure_reason, which says abandoned). */
function statusNote(
  trace: Pick<DevtraceSummary, "statusReason" | "failureReason">,
): string | undefined {
  const parts = [
    ...(trace.statusReason === undefined ? [] : [trace.statusReason]),
    ...(trace.failureReason === undefined ? [] : [trace.failureReason]),
  ];
  return parts.length === 0 ? undefined : parts.join(" · ");
}

function Diff({ text }: { text: string }) {
  return (
    <pre className="diff">
      {text.split("\n").map((line, index) => (
        <span
          key={index}
          className={
            line.startsWith("+") && !line.startsWith("+++")
              ? "add"
              : line.startsWith("-") && !line.startsWith("---")
                ? "del"
                : ""
          }
        >
          {line}
          {"\n"}
        </span>
      ))}
    </pre>
  );
}

/** A command's output, collapsed until asked for. */
function Output({ name, text }: { name: string; text: string | undefined }) {
  if (text === undefined) return null;
  const body = text.replace(/\n$/, "");
  const lines = body.length === 0 ? 0 : body.split("\n").length;
  return (
    <details className="output" data-output={name}>
      <summary className="small">
        {name} ({lines} {lines === 1 ? "line" : "lines"})
      </summary>
      <pre>{text}</pre>
    </details>
  );
}

function Event({ step }: { step: DevtraceStep }) {
  return (
    <div className={`ev ${step.tests ? "test" : step.kind}`} data-event={step.index}>
      <div className="small muted">
        #{step.index} · {step.t}s · {step.type}
      </div>
      {step.text ? <div style={{ whiteSpace: "pre-wrap" }}>{step.text}</div> : null}
      {step.command ? (
        <>
          <pre>
            $ {step.command}
            {step.exitCode !== undefined ? `\n(exit ${step.exitCode})` : ""}
          </pre>
          <Output name="output" text={step.output} />
          <Output name="stdout" text={step.stdout} />
          <Output name="stderr" text={step.stderr} />
        </>
      ) : null}
      {step.diff ? (
        <>
          <div className="small">{step.path}</div>
          <Diff text={step.diff} />
        </>
      ) : null}
      {step.tests ? (
        <div>
          {step.tests.framework}: {fmt(step.tests.passed)} passed, {fmt(step.tests.failed)} failed
          {step.tests.failedTests.length > 0 ? ` (${step.tests.failedTests.join(", ")})` : ""}
        </div>
      ) : null}
    </div>
  );
}

export function DevtracePage({ traceKey }: { traceKey: string }) {
  const state = useApi<DevtraceView>(`/api/devtrace?key=${q(traceKey)}`);
  return (
    <Load state={state}>
      {(trace) => (
        <div data-testid="devtrace">
          <h1>
            {trace.title} <Badge value={trace.status} />
          </h1>
          <p className="muted">
            {trace.id}
            {trace.description ? ` · ${trace.description}` : ""}
          </p>
          {statusNote(trace) === undefined ? null : (
            <p className="muted small" data-testid="status-note">
              {statusNote(trace)}
            </p>
          )}
          <div className="row">
            <div style={{ flex: 3 }}>
              <h2>Events</h2>
              <div className="events panel" data-testid="events-timeline">
                {trace.steps.map((step) => (
                  <Event key={step.index} step={step} />
                ))}
              </div>
            </div>
            <div style={{ flex: 2 }}>
              <div className="panel" data-testid="verification">
                <h3>Verification</h3>
                <p>
                  {trace.verification.passed === undefined ? (
                    "not verified"
                  ) : (
                    <Badge value={trace.verification.passed ? "pass" : "fail"} />
                  )}{" "}
                  {trace.verification.required ? "(required)" : ""}
                </p>
                <p className="small">
                  Tests before: {fmt(trace.verification.before?.passed)} passed,{" "}
                  {fmt(trace.verification.before?.failed)} failed · after:{" "}
                  {fmt(trace.verification.after?.passed)} passed,{" "}
                  {fmt(trace.verification.after?.failed)} failed
                </p>
                {trace.verification.logs.length > 0 ? (
                  <pre>{trace.verification.logs.join("\n")}</pre>
                ) : null}
              </div>
              {trace.judge ? (
                <div className="panel" data-testid="judge" style={{ marginTop: "12px" }}>
                  <h3>
                    Judge {trace.judge.model} · overall {fmt(trace.judge.overall)}/5
                  </h3>
                  {trace.judge.dimensions.map((dimension) => (
                    <div
                      key={dimension.key}
                      data-dimension={dimension.key}
                      style={{ marginBottom: "8px" }}
                    >
                      <div className="components">
                        <div className="c">
                          <span>{dimension.key}</span>
                          <Bar value={dimension.value} max={dimension.max ?? 5} />
                          <span>
                            {dimension.value}
                            {dimension.weight !== undefined ? ` ×${dimension.weight}` : ""}
                          </span>
                        </div>
                      </div>
                      {dimension.reason ? (
                        <div className="small muted">{dimension.reason}</div>
                      ) : null}
                    </div>
                  ))}
                  {trace.judge.summary ? <p className="small">{trace.judge.summary}</p> : null}
                </div>
              ) : null}
              <div className="panel" data-testid="chain" style={{ marginTop: "12px" }}>
                <h3>Hash chain</h3>
                <p>
                  <Badge value={trace.chain.status} /> {trace.chain.algorithm}
                </p>
                <p className="small">{trace.chain.detail}</p>
              </div>
            </div>
          </div>
        </div>
      )}
    </Load>
  );
}
