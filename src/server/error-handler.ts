import type { FastifyError, FastifyInstance } from "fastify";
import { httpStatusFor, TracemillError } from "../core/errors.js";

/**
 * The server's one error boundary: every failure leaves as `{error: {code, message}}`. Client
 * mistakes (bad JSON, oversized or wrongly typed bodies, unknown routes) are 4xx, never 500;
 * a 5xx never carries the internal message of an unexpected error.
 */
export interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

const fastifyCodes: Record<number, string> = {
  400: "input_invalid",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  405: "method_not_allowed",
  406: "not_acceptable",
  408: "timeout",
  409: "conflict",
  411: "length_required",
  413: "payload_too_large",
  414: "uri_too_long",
  415: "unsupported_media_type",
  422: "input_invalid",
  429: "rate_limited",
  431: "headers_too_large",
};

export function errorResponse(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof TracemillError && error.code !== "internal") {
    const status = httpStatusFor(error);
    const details = status < 500 ? error.details : undefined;
    return {
      status,
      body: {
        error: { code: error.code, message: error.message, ...(details ? { details } : {}) },
      },
    };
  }
  const statusCode = (error as Partial<FastifyError> | undefined)?.statusCode;
  if (typeof statusCode === "number" && statusCode >= 400 && statusCode < 500) {
    return {
      status: statusCode,
      body: {
        error: {
          code: fastifyCodes[statusCode] ?? "input_invalid",
          message: clientMessage(error as FastifyError, statusCode),
        },
      },
    };
  }
  return {
    status: 500,
    body: { error: { code: "internal", message: "internal server error (see the server log)" } },
  };
}

function clientMessage(error: FastifyError, status: number): string {
  if (status === 413) return `request body is larger than the limit: ${error.message}`;
  if (error instanceof SyntaxError || error.code === "FST_ERR_CTP_INVALID_JSON_BODY") {
    return `request body is not valid JSON: ${error.message}`;
  }
  return error.message;
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const { status, body } = errorResponse(error);
    if (status >= 500) request.log.error({ err: error }, "request failed");
    else request.log.info({ code: body.error.code, status }, body.error.message);
    return reply.status(status).type("application/json").send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    const body: ErrorBody = {
      error: { code: "not_found", message: `no route ${request.method} ${request.url}` },
    };
    return reply.status(404).send(body);
  });
}
