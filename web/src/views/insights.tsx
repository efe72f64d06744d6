import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { q, useApi } from "../api";
import { href, navigate } from "../router";
import type { InsightsSummary, InsightsView, ShownCluster, TreeNode } from "../types";
import { fmt, Load, palette } from "./common";

export function InsightsList() {
  const state = useApi<{ insights: InsightsSummary[] }>("/api/insights");
  return (
    <>
      <h1>Conversation insights</h1>
      <Load state={state}>
        {({ insights }) =>
          insights.length === 0 ? (
            <p className="muted">No insights runs.</p>
          ) : (
            <table data-testid="insights-list">
              <thead>
                <tr>
                  <th>Run</th>
                  <th>Conversations</th>
                  <th>Clusters shown</th>
                  <th>Hidden by privacy gates</th>
                </tr>
              </thead>
              <tbody>
                {insights.map((each) => (
                  <tr
                    key={each.key}
                    className="clickable"
                    onClick={() => navigate(href("insight", each.key))}
                  >
                    <td>
                      <a href={href("insight", each.key)}>{each.id}</a>
                    </td>
                    <td>{fmt(each.conversations)}</td>
                    <td>{each.shown}</td>
                    <td>{each.hidden}</td>
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

export function InsightsPage({ insightsKey }: { insightsKey: string }) {
  const state = useApi<InsightsView>(`/api/insight?key=${q(insightsKey)}`);
  return <Load state={state}>{(view) => <Insights view={view} />}</Load>;
}

function Insights({ view }: { view: InsightsView }) {
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const base = view.clusters.filter((cluster) => cluster.level === 0);
  const colourOf = useMemo(() => {
    const map = new Map<string, string>();
    for (const [index, cluster] of base.entries()) {
      map.set(cluster.id, palette[index % palette.length] ?? "#888");
    }
    return map;
  }, [view]);
  return (
    <div data-testid="insights">
      <h1>
        Conversation insights <span className="muted small">{view.id}</span>
      </h1>
      <div className="grid2">
        <div>
          <h2>Cluster map</h2>
          <ClusterMap view={view} colourOf={colourOf} onPick={setSelected} />
          <div className="legend">
            {base.map((cluster) => (
              <span key={cluster.id}>
                <span className="swatch" style={{ background: colourOf.get(cluster.id) }} />
                {cluster.name}
              </span>
            ))}
          </div>
          <p className="muted small">
            {view.map.x.length} points shown
            {view.map.hiddenPoints > 0
              ? `; ${view.map.hiddenPoints} points of clusters hidden by the privacy gates are not sent`
              : ""}
            {view.map.method ? ` · ${view.map.method}` : ""}
          </p>
        </div>
        <div>
          <h2>Hierarchy</h2>
          <Hierarchy view={view} selected={selected} onSelect={setSelected} />
        </div>
      </div>
      {selected !== undefined ? <Members insightsKey={view.key} clusterId={selected} /> : null}
      <div className="grid2">
        <Privacy view={view} />
        <Evaluation view={view} />
      </div>
    </div>
  );
}

/** A canvas scatter (20,000 points draw in a few ms); hover finds the nearest point on a grid. */
function ClusterMap({
  view,
  colourOf,
  onPick,
}: {
  view: InsightsView;
  colourOf: Map<string, string>;
  onPick: (id: string) => void;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [hover, setHover] = useState<{ x: number; y: number; cluster: ShownCluster } | undefined>();
  const byId = useMemo(() => new Map(view.clusters.map((c) => [c.id, c])), [view]);
  const layout = useMemo(() => {
    const { x, y } = view.map;
    let minX = Number.POSITIVE_INFINITY;
    let maxX = Number.NEGATIVE_INFINITY;
    let minY = Number.POSITIVE_INFINITY;
    let maxY = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < x.length; i++) {
      const px = x[i] ?? 0;
      const py = y[i] ?? 0;
      if (px < minX) minX = px;
      if (px > maxX) maxX = px;
      if (py < minY) minY = py;
      if (py > maxY) maxY = py;
    }
    return {
      minX,
      maxX: maxX === minX ? minX + 1 : maxX,
      minY,
      maxY: maxY === minY ? minY + 1 : maxY,
    };
  }, [view]);
  const grid = useRef<Map<string, number[]>>(new Map());
  useEffect(() => {
    const element = canvas.current;
    if (!element) return;
    const ratio = window.devicePixelRatio || 1;
    const width = element.clientWidth;
    const height = element.clientHeight;
    element.width = width * ratio;
    element.height = height * ratio;
    const context = element.getContext("2d");
    if (!context) return;
    context.scale(ratio, ratio);
    const pad = 12;
    const sx = (value: number) =>
      pad + ((value - layout.minX) / (layout.maxX - layout.minX)) * (width - 2 * pad);
    const sy = (value: number) =>
      height - pad - ((value - layout.minY) / (layout.maxY - layout.minY)) * (height - 2 * pad);
    const cells = new Map<string, number[]>();
    const { x, y, cluster } = view.map;
    const radius = x.length > 5000 ? 1.5 : 3.5;
    context.globalAlpha = x.length > 5000 ? 0.6 : 0.85;
    let lastColour = "";
    for (let i = 0; i < x.length; i++) {
      const px = sx(x[i] ?? 0);
      const py = sy(y[i] ?? 0);
      const colour = colourOf.get(cluster[i] ?? "") ?? "#888";
      if (colour !== lastColour) {
        context.fillStyle = colour;
        lastColour = colour;
      }
      context.fillRect(px - radius, py - radius, radius * 2, radius * 2);
      const cell = `${Math.floor(px / 12)},${Math.floor(py / 12)}`;
      const list = cells.get(cell);
      if (list) list.push(i);
      else cells.set(cell, [i]);
    }
    grid.current = cells;
    element.dataset.points = String(x.length);
    element.dataset.ready = "1";
    (element as unknown as { project: unknown }).project = { sx, sy };
  }, [view, layout, colourOf]);
  const nearest = (event: MouseEvent) => {
    const element = canvas.current;
    if (!element) return undefined;
    const box = element.getBoundingClientRect();
    const mx = event.clientX - box.left;
    const my = event.clientY - box.top;
    const { sx, sy } = (
      element as unknown as { project: { sx: (v: number) => number; sy: (v: number) => number } }
    ).project;
    let best: number | undefined;
    let bestDistance = 14 * 14;
    const cx = Math.floor(mx / 12);
    const cy = Math.floor(my / 12);
    for (let gx = cx - 1; gx <= cx + 1; gx++) {
      for (let gy = cy - 1; gy <= cy + 1; gy++) {
        for (const i of grid.current.get(`${gx},${gy}`) ?? []) {
          const dx = sx(view.map.x[i] ?? 0) - mx;
          const dy = sy(view.map.y[i] ?? 0) - my;
          if (dx * dx + dy * dy < bestDistance) {
            bestDistance = dx * dx + dy * dy;
            best = i;
          }
        }
      }
    }
    if (best === undefined) return undefined;
    const cluster = byId.get(view.map.cluster[best] ?? "");
    return cluster ? { x: mx, y: my, cluster } : undefined;
  };
  return (
    <div className="map">
      <canvas
        ref={canvas}
        data-testid="cluster-map"
        onMouseMove={(event) => setHover(nearest(event))}
        onMouseLeave={() => setHover(undefined)}
        onClick={(event) => {
          const hit = nearest(event);
          if (hit) onPick(hit.cluster.id);
        }}
      />
      {hover ? (
        <div
          className="tooltip"
          data-testid="map-tooltip"
          style={{ left: hover.x + 12, top: hover.y + 12 }}
        >
          <b>{hover.cluster.name}</b>
          <br />
          {hover.cluster.description}
          <br />
          <span className="muted">{hover.cluster.conversations} conversations</span>
        </div>
      ) : null}
    </div>
  );
}

function matches(node: TreeNode, needle: string): boolean {
  return (
    needle.length === 0 ||
    `${node.name} ${node.description}`.toLowerCase().includes(needle) ||
    node.children.some((child) => matches(child, needle))
  );
}

function Hierarchy({
  view,
  selected,
  onSelect,
}: {
  view: InsightsView;
  selected: string | undefined;
  onSelect: (id: string) => void;
}) {
  const [search, setSearch] = useState("");
  const [open, setOpen] = useState<Set<string>>(new Set(["root"]));
  const needle = search.trim().toLowerCase();
  if (view.tree === undefined) return <p className="muted">No hierarchy in this run.</p>;
  const toggle = (id: string) => {
    const next = new Set(open);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setOpen(next);
  };
  const render = (node: TreeNode) => {
    if (!matches(node, needle)) return null;
    const expanded = needle.length > 0 || open.has(node.id);
    const baseId = node.baseClusters[0];
    const hit =
      needle.length > 0 && `${node.name} ${node.description}`.toLowerCase().includes(needle);
    return (
      <li key={node.id}>
        <button
          type="button"
          className={`node link ${hit ? "hit" : ""}`}
          data-node={node.id}
          onClick={() => (baseId !== undefined ? onSelect(baseId) : toggle(node.id))}
        >
          {node.children.length > 0 ? (expanded ? "▾ " : "▸ ") : "• "}
          <b>{node.name}</b> <span className="muted small">({node.conversations})</span>
          {baseId !== undefined && baseId === selected ? " ◀" : ""}
        </button>
        {node.description ? <div className="muted small">{node.description}</div> : null}
        {expanded && node.children.length > 0 ? <ul>{node.children.map(render)}</ul> : null}
      </li>
    );
  };
  return (
    <div className="panel tree" data-testid="hierarchy">
      <input
        type="search"
        placeholder="Search clusters…"
        value={search}
        data-testid="hierarchy-search"
        onInput={(event) => setSearch((event.target as HTMLInputElement).value)}
      />
      <ul style={{ paddingLeft: 0 }}>{render(view.tree)}</ul>
    </div>
  );
}

function Members({ insightsKey, clusterId }: { insightsKey: string; clusterId: string }) {
  const state = useApi<{
    cluster: ShownCluster;
    total: number;
    members: { summary: string; task?: string }[];
  }>(`/api/insight/members?key=${q(insightsKey)}&cluster=${q(clusterId)}`);
  return (
    <div className="panel" data-testid="members" style={{ marginTop: "12px" }}>
      <Load state={state}>
        {({ cluster, total, members }) => (
          <>
            <h3>
              {cluster.name}: {total} conversations (their summaries)
            </h3>
            <ul className="small">
              {members.map((member, index) => (
                <li key={index}>{member.summary}</li>
              ))}
            </ul>
          </>
        )}
      </Load>
    </div>
  );
}

function Privacy({ view }: { view: InsightsView }) {
  const privacy = view.privacy;
  return (
    <div className="panel" data-testid="privacy">
      <h2>Privacy report</h2>
      <p>
        {privacy.clusters} clusters: <b>{privacy.kept} shown</b>, <b>{privacy.hidden} hidden</b> by
        the gates (
        {Object.entries(privacy.thresholds)
          .map(([name, value]) => `${name} ${value}`)
          .join(", ")}
        ).
      </p>
      <h3>Why clusters were hidden (names withheld)</h3>
      <ul>
        {Object.entries(privacy.hiddenReasons).map(([reason, count]) => (
          <li key={reason}>
            {reason}: {count}
          </li>
        ))}
      </ul>
      {privacy.conversationsInHidden !== undefined ? (
        <p className="small muted">
          Conversations in shown clusters {privacy.conversationsInKept}, in hidden ones{" "}
          {privacy.conversationsInHidden}.
        </p>
      ) : null}
      <h3>Audits</h3>
      <table>
        <thead>
          <tr>
            <th>Sample</th>
            <th>Sampled</th>
            <th>Mean rating</th>
            <th>Passing</th>
          </tr>
        </thead>
        <tbody>
          {privacy.audits.map((audit) => (
            <tr key={audit.sample}>
              <td>{audit.sample}</td>
              <td>
                {fmt(audit.sampled)} / {fmt(audit.population)}
              </td>
              <td>{fmt(audit.meanRating)}</td>
              <td>
                {audit.sharePassing === undefined
                  ? "–"
                  : `${(audit.sharePassing * 100).toFixed(0)}%`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Verdicts of shown clusters</h3>
      <ul className="small">
        {privacy.shownVerdicts.map((verdict) => (
          <li key={verdict.id}>
            {verdict.name}: rating {fmt(verdict.rating)}, {verdict.findings} findings
          </li>
        ))}
      </ul>
    </div>
  );
}

function Evaluation({ view }: { view: InsightsView }) {
  if (view.eval === undefined) return <div className="panel">No evaluation in this run.</div>;
  return (
    <div className="panel" data-testid="evaluation">
      <h2>Evaluation</h2>
      <table>
        <tbody>
          {Object.entries(view.eval.metrics).map(([name, value]) => (
            <tr key={name}>
              <td>{name}</td>
              <td>{fmt(value, 3)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Per topic</h3>
      <table>
        <thead>
          <tr>
            <th>Topic</th>
            <th>Count</th>
            <th>Recall</th>
            <th>Precision</th>
          </tr>
        </thead>
        <tbody>
          {view.eval.perTopic.map((topic) => (
            <tr key={topic.topic}>
              <td>{topic.topic}</td>
              <td>{topic.count}</td>
              <td>{fmt(topic.recall, 3)}</td>
              <td>{fmt(topic.precision, 3)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
