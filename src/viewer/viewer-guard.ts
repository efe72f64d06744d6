import { timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { TracemillError } from "../core/errors.js";
import type { ViewerOptions } from "./viewer-options.js";

const cookieName = "tracemill_view";

const statusOf: Partial<Record<string, number>> = {
  input_invalid: 400,
  config_invalid: 400,
  not_found: 404,
  unauthorized: 401,
  forbidden: 403,
  conflict: 409,
};

/** Errors as JSON with their status, the Host check (DNS rebinding) and the token check. */
export function guardViewer(app: FastifyInstance, options: ViewerOptions): void {
  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof TracemillError) {
      void reply.code(statusOf[error.code] ?? 500).send({ error: error.toJSON() });
      return;
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status !== undefined && status < 500) {
      void reply
        .code(status)
        .send({ error: { code: "input_invalid", message: (error as Error).message } });
      return;
    }
    void reply.code(500).send({ error: { code: "internal", message: "the viewer failed" } });
  });

  app.addHook("onRequest", async (request, reply) => {
    if (options.allowedHosts !== undefined) {
      const host = (request.headers.host ?? "").replace(/:\d+$/, "").replace(/^\[|\]$/g, "");
      if (!options.allowedHosts.includes(host)) {
        return reply.code(403).send({ error: { code: "forbidden", message: "unknown Host" } });
      }
    }
    if (options.token === undefined) return;
    const given = tokenOf(request);
    if (given !== undefined && sameToken(given, options.token)) {
      if (request.url.startsWith("/?") || request.url === "/") {
        reply.header(
          "set-cookie",
          `${cookieName}=${options.token}; HttpOnly; SameSite=Strict; Path=/`,
        );
      }
      return;
    }
    return reply
      .code(401)
      .send({ error: { code: "unauthorized", message: "this viewer needs its token (?token=…)" } });
  });
}

export function requiredParam(request: FastifyRequest, name: string): string {
  const value = (request.query as Record<string, unknown>)[name];
  if (typeof value !== "string" || value.length === 0) {
    throw new TracemillError("input_invalid", `query parameter ${name} is required`);
  }
  return value;
}

function tokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith("Bearer ")) return header.slice(7);
  const query = (request.query as Record<string, unknown> | undefined)?.token;
  if (typeof query === "string") return query;
  const cookie = request.headers.cookie
    ?.split(";")
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${cookieName}=`));
  return cookie?.slice(cookieName.length + 1);
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
