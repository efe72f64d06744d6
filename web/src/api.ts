import { useEffect, useState } from "preact/hooks";

declare global {
  interface Window {
    /** Set by `tracemill view --static`: every API answer the report holds, by path. */
    __TRACEMILL_STATIC__?: Record<string, unknown>;
    /** Requests index.html started before this script loaded (path → response), used once. */
    __TRACEMILL_EARLY__?: Record<string, Promise<Response> | undefined>;
  }
}

export const staticAnswers = (): Record<string, unknown> | undefined => window.__TRACEMILL_STATIC__;
export const isStatic = (): boolean => staticAnswers() !== undefined;

export class ApiError extends Error {}

export async function get<T>(path: string): Promise<T> {
  const answers = staticAnswers();
  if (answers !== undefined) {
    if (!(path in answers)) throw new ApiError("not part of this report");
    return answers[path] as T;
  }
  const early = window.__TRACEMILL_EARLY__?.[path];
  if (early !== undefined && window.__TRACEMILL_EARLY__) delete window.__TRACEMILL_EARLY__[path];
  const response = await (early?.catch(() => undefined) ?? Promise.resolve(undefined)).then(
    (answer) => answer ?? fetch(path, { credentials: "same-origin" }),
  );
  const body = (await response.json().catch(() => undefined)) as
    | { error?: { message?: string } }
    | undefined;
  if (!response.ok) {
    throw new ApiError(body?.error?.message ?? `${response.status} ${response.statusText}`);
  }
  return body as T;
}

/** A URL an <img> can load: the server path, or in a static report the embedded data URL. */
export function mediaUrl(path: string): string | undefined {
  const answers = staticAnswers();
  if (answers === undefined) return path;
  const value = answers[path];
  return typeof value === "string" ? value : undefined;
}

export const q = encodeURIComponent;

export interface Loaded<T> {
  data?: T;
  error?: string;
  loading: boolean;
}

export function useApi<T>(path: string | undefined): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ loading: path !== undefined });
  useEffect(() => {
    if (path === undefined) return;
    let live = true;
    setState({ loading: true });
    get<T>(path).then(
      (data) => live && setState({ data, loading: false }),
      (error: Error) => live && setState({ error: error.message, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [path]);
  return state;
}
