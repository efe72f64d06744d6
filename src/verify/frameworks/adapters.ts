import type { TestFramework } from "../types.js";
import { createGoAdapter } from "./go.js";
import { createPytestAdapter } from "./pytest.js";
import type { FrameworkAdapter } from "./types.js";
import { createJestAdapter, createVitestAdapter } from "./vitest.js";

export interface AdapterOptions {
  python?: string;
  go?: string;
}

export function adapterFor(
  framework: TestFramework,
  options: AdapterOptions = {},
): FrameworkAdapter {
  switch (framework) {
    case "pytest":
      return createPytestAdapter(options.python === undefined ? {} : { python: options.python });
    case "vitest":
      return createVitestAdapter();
    case "jest":
      return createJestAdapter();
    case "go":
      return createGoAdapter(options.go);
  }
}
