import { expect } from "vitest";
import { TracemillError } from "../core/errors.js";

/** Resolves to the error a promise rejected with, failing the test when it resolved. */
export async function rejection(promise: Promise<unknown>): Promise<TracemillError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(TracemillError);
    return error as TracemillError;
  }
  throw new Error("expected the call to fail, but it succeeded");
}
