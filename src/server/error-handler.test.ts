import { describe, expect, it } from "vitest";
import { TracemillError } from "../core/errors.js";
import { errorResponse } from "./error-handler.js";

describe("errorResponse", () => {
  it("maps TracemillError codes to statuses and keeps 4xx details", () => {
    const invalid = new TracemillError("input_invalid", "events[2].type: unknown", {
      details: { errors: [{ index: 2 }] },
    });
    expect(errorResponse(invalid)).toEqual({
      status: 422,
      body: {
        error: {
          code: "input_invalid",
          message: "events[2].type: unknown",
          details: { errors: [{ index: 2 }] },
        },
      },
    });
    expect(errorResponse(new TracemillError("conflict", "x")).status).toBe(409);
    expect(errorResponse(new TracemillError("forbidden", "x")).status).toBe(403);
    expect(errorResponse(new TracemillError("unavailable", "db down")).status).toBe(503);
  });

  it("keeps Fastify's client errors 4xx and hides the message of anything unexpected", () => {
    const tooLarge = Object.assign(new Error("Request body is too large"), {
      statusCode: 413,
      code: "FST_ERR_CTP_BODY_TOO_LARGE",
    });
    expect(errorResponse(tooLarge)).toMatchObject({
      status: 413,
      body: { error: { code: "payload_too_large" } },
    });
    const surprise = errorResponse(new Error("secret connection string postgres://u:p@h"));
    expect(surprise.status).toBe(500);
    expect(surprise.body.error.message).not.toContain("postgres://");
    const internal = errorResponse(new TracemillError("internal", "stack detail"));
    expect(internal.body.error.message).not.toContain("stack detail");
  });
});
