import path from "node:path";
import type { XMLParser } from "fast-xml-parser";
import { loadOnFirstUse } from "../../core/load-on-first-use.js";
import { findPython } from "../find-python.js";
import { sandboxOutputPath } from "../sandbox.js";
import type { TestCaseResult } from "../types.js";
import { baseEnv, type FrameworkAdapter, type ParsedReport } from "./types.js";

const reportFile = "junit.xml";

export interface PytestAdapterOptions {
  /** Interpreter command on the host (default `python3`). */
  python?: string;
}

export function createPytestAdapter(options: PytestAdapterOptions = {}): FrameworkAdapter {
  return {
    framework: "pytest",
    async plan(_workspaceDir, target) {
      const env = {
        PYTHONDONTWRITEBYTECODE: "1",
        PYTHONHASHSEED: "0",
        PYTHONUNBUFFERED: "1",
      };
      if (target === "container") {
        return {
          argv: ["python3", ...pytestArguments],
          env: { ...baseEnv(), ...env },
          readOnlyPaths: [],
          reportFile,
          toolchain: "python3 and pytest of the image",
        };
      }
      const python = await findPython(options.python);
      return {
        argv: [python.executable, ...pytestArguments],
        env: { ...baseEnv([path.dirname(python.executable)]), ...env },
        readOnlyPaths: python.readOnlyPaths,
        reportFile,
        toolchain: `python ${python.version} (${python.executable}), pytest ${python.pytestVersion}`,
      };
    },
    parseReport: parseJunitXml,
  };
}

const pytestArguments = [
  "-m",
  "pytest",
  "-q",
  // The cache plugin would write .pytest_cache into the snapshot; nothing reads it.
  "-p",
  "no:cacheprovider",
  // xunit1 keeps the `file` attribute, from which the node id is rebuilt exactly.
  "-o",
  "junit_family=xunit1",
  `--junitxml=${sandboxOutputPath}/${reportFile}`,
];

/** The XML parser is made on the first report read, not at import. */
const loadXmlParser = loadOnFirstUse<typeof import("fast-xml-parser")>("fast-xml-parser");
let xmlParser: XMLParser | undefined;
function junitXmlParser(): XMLParser {
  xmlParser ??= new (loadXmlParser().XMLParser)({
    ignoreAttributes: false,
    attributeNamePrefix: "",
    isArray: (name) => name === "testsuite" || name === "testcase",
  });
  return xmlParser;
}

interface JunitCase {
  classname?: string;
  name?: string;
  file?: string;
  failure?: unknown;
  error?: unknown;
  skipped?: unknown;
}

/** Reads pytest's JUnit XML; test names are pytest node ids (`tests/test_x.py::TestA::test_b`). */
export function parseJunitXml(text: string): ParsedReport {
  const warnings: string[] = [];
  let document: Record<string, unknown>;
  try {
    document = junitXmlParser().parse(text, true) as Record<string, unknown>;
  } catch (error) {
    return {
      cases: [],
      warnings: [
        `junit.xml: not valid XML (${error instanceof Error ? error.message : String(error)})`,
      ],
    };
  }
  const suites = collectSuites(document);
  const cases: TestCaseResult[] = [];
  for (const suite of suites) {
    const testcases = (suite.testcase ?? []) as JunitCase[];
    for (const testcase of testcases) {
      if (typeof testcase.name !== "string" || testcase.name === "") {
        warnings.push("junit.xml: a <testcase> without a name was skipped");
        continue;
      }
      cases.push({ name: nodeIdOf(testcase), status: statusOf(testcase) });
    }
  }
  return { cases, warnings };
}

function collectSuites(document: Record<string, unknown>): Record<string, unknown>[] {
  const root = document.testsuites as Record<string, unknown> | undefined;
  const suites = (root?.testsuite ?? document.testsuite ?? []) as Record<string, unknown>[];
  return Array.isArray(suites) ? suites : [];
}

function statusOf(testcase: JunitCase): TestCaseResult["status"] {
  if (testcase.error !== undefined) return "error";
  if (testcase.failure !== undefined) return "failed";
  if (testcase.skipped !== undefined) return "skipped";
  return "passed";
}

function nodeIdOf(testcase: JunitCase): string {
  const name = testcase.name ?? "";
  const classname = testcase.classname ?? "";
  if (classname === "") return name;
  const file = testcase.file ?? guessFile(classname);
  const modulePath = file.replace(/\.py$/, "").split("/").join(".");
  const classes = classname.startsWith(`${modulePath}.`)
    ? classname.slice(modulePath.length + 1).split(".")
    : classname === modulePath
      ? []
      : trailingClasses(classname);
  return [file, ...classes, name].join("::");
}

/** Without a file attribute: module segments are lower-case, class segments start upper-case. */
function guessFile(classname: string): string {
  const parts = classname.split(".");
  const classes = trailingClasses(classname);
  return `${parts.slice(0, parts.length - classes.length).join("/")}.py`;
}

function trailingClasses(classname: string): string[] {
  const parts = classname.split(".");
  const classes: string[] = [];
  for (let index = parts.length - 1; index > 0; index--) {
    const part = parts[index] ?? "";
    if (!/^[A-Z]/.test(part)) break;
    classes.unshift(part);
  }
  return classes;
}
