import type { ComponentChildren } from "preact";
import type { Loaded } from "../api";

export function Load<T>({
  state,
  children,
}: {
  state: Loaded<T>;
  children: (data: T) => ComponentChildren;
}) {
  if (state.error !== undefined) return <p className="error">{state.error}</p>;
  if (state.data === undefined) return <p className="muted">Loading…</p>;
  return <>{children(state.data)}</>;
}

export function Badge({ value }: { value: string }) {
  return <span className={`badge ${value}`}>{value}</span>;
}

export function Bar({ value, max }: { value: number; max: number }) {
  const share = max > 0 ? Math.max(0, Math.min(1, value / max)) : 0;
  return (
    <div className="bar" title={`${value} / ${max}`}>
      <span style={{ width: `${(share * 100).toFixed(1)}%` }} />
    </div>
  );
}

export function Json({ value }: { value: unknown }) {
  return <pre>{JSON.stringify(value, null, 2)}</pre>;
}

export const palette = [
  "#2860d8",
  "#e0682b",
  "#1f8a4c",
  "#c23b32",
  "#8353c7",
  "#8c5a3c",
  "#d6479c",
  "#6b7280",
  "#a6a10f",
  "#17a2b8",
  "#4f6d1e",
  "#b8860b",
];

export function fmt(value: number | undefined, digits = 2): string {
  if (value === undefined) return "–";
  return Number.isInteger(value) ? String(value) : value.toFixed(digits);
}
