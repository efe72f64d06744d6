import { describe, expect, it } from "vitest";
import { createRedactor } from "../../model/redact.js";
import { craft } from "./__fixtures__/devtrace-fixtures.js";
import { resolveConsent } from "./consent.js";
import type { DevtraceEvent } from "./events.js";
import { artifactBytes, prepareArtifacts } from "./prepare-artifacts.js";
import { prepareEvents } from "./prepare-events.js";

const redactor = createRedactor();
const awsKey = "AKIAIOSFODNN7EXAMPLE";
const ghToken = "ghp_16C7e42F292c6912E7710c838347Ae178B4a";
const all = resolveConsent();

describe("resolveConsent", () => {
  it("grants every flag that was not given", () => {
    expect(resolveConsent()).toEqual({
      rationale: true,
      outputs: true,
      code: true,
      training: true,
    });
    expect(resolveConsent({ rationale: false })).toEqual({
      rationale: false,
      outputs: true,
      code: true,
      training: true,
    });
  });
});

describe("prepareEvents", () => {
  it("sets the server clock on every event, overwriting a client value", () => {
    const events: DevtraceEvent[] = [
      { ...craft.cmd(1, "ls"), ts_server_s: 5 },
      craft.test(2, 1, 0),
    ];
    const result = prepareEvents(events, { consent: all, redactor, nowSeconds: 1_700_000_000.5 });
    expect(result.events.map((event) => event.ts_server_s)).toEqual([
      1_700_000_000.5, 1_700_000_000.5,
    ]);
    expect(events[0]?.ts_server_s).toBe(5);
  });

  it("redacts a secret in a command and marks the environment as redacted", () => {
    const event = craft.cmd(1, `AWS_ACCESS_KEY_ID=${awsKey} aws s3 ls`);
    const result = prepareEvents([event], { consent: all, redactor, nowSeconds: 1 });
    const prepared = result.events[0];
    expect(prepared?.type).toBe("cmd_run");
    if (prepared?.type !== "cmd_run") return;
    expect(prepared.cmd).not.toContain(awsKey);
    expect(prepared.cmd).toContain("[REDACTED:");
    expect(prepared.env_redacted).toBe(true);
    expect(result.redactions).toBeGreaterThanOrEqual(1);
    // the input is left as it was
    expect(event.type === "cmd_run" && event.cmd).toContain(awsKey);
  });

  it("leaves env_redacted alone when nothing was redacted", () => {
    const result = prepareEvents([craft.cmd(1, "pytest -q")], {
      consent: all,
      redactor,
      nowSeconds: 1,
    });
    expect(result.events[0]).not.toHaveProperty("env_redacted");
    expect(result.redactions).toBe(0);
  });

  it("redacts diffs, commit messages and rationale text", () => {
    const events: DevtraceEvent[] = [
      craft.edit(1, "config.py", "TOKEN = ''", `TOKEN = '${ghToken}'`),
      craft.commit(2, `use token ${ghToken}`, `+TOKEN = '${ghToken}'\n`),
      craft.note(3, { observation: `the key ${awsKey} works` }, `freeform ${awsKey}`),
    ];
    const result = prepareEvents(events, { consent: all, redactor, nowSeconds: 1 });
    const text = JSON.stringify(result.events);
    expect(text).not.toContain(ghToken);
    expect(text).not.toContain(awsKey);
    expect(result.redactions).toBe(5);
  });

  it("withholds rationale text without rationale consent but keeps the event", () => {
    const note = craft.note(3, { plan: "p", hypothesis: "h" }, "free");
    const result = prepareEvents([note], {
      consent: resolveConsent({ rationale: false }),
      redactor,
      nowSeconds: 9,
    });
    expect(result.events[0]).toEqual({
      id: "e3",
      seq: 3,
      ts_client_s: 1003,
      ts_server_s: 9,
      type: "rationale_note",
      structured: {},
    });
    expect(result.dropped).toEqual(["e3: rationale text (no rationale consent)"]);
  });

  it("removes diffs without code consent", () => {
    const result = prepareEvents(
      [craft.edit(1, "a.py", "x", "y"), craft.commit(2, "fix", "+y\n")],
      { consent: resolveConsent({ code: false }), redactor, nowSeconds: 1 },
    );
    expect(result.events[0]).toMatchObject({
      type: "file_edit",
      file_path: "a.py",
      diff_unified: "",
    });
    expect(result.events[1]).not.toHaveProperty("diff_unified");
    expect(result.events[1]).toMatchObject({ message: "fix" });
    expect(result.dropped).toEqual(["e1: diff (no code consent)", "e2: diff (no code consent)"]);
  });

  it("treats a code_change like a commit: description redacted, diff redacted or removed by code consent", () => {
    const change: DevtraceEvent = {
      id: "e4",
      seq: 4,
      ts_client_s: 1004,
      type: "code_change",
      files_changed: ["config.py"],
      description: `rotate ${awsKey}`,
      diff_unified: `+TOKEN = '${ghToken}'\n`,
    };
    const granted = prepareEvents([change], { consent: all, redactor, nowSeconds: 1 });
    expect(JSON.stringify(granted.events)).not.toContain(ghToken);
    expect(JSON.stringify(granted.events)).not.toContain(awsKey);
    expect(granted.events[0]).toHaveProperty("diff_unified");
    expect(granted.dropped).toEqual([]);
    const refused = prepareEvents(
      [change, { ...change, id: "e5", seq: 5, diff_unified: undefined }],
      {
        consent: resolveConsent({ code: false }),
        redactor,
        nowSeconds: 1,
      },
    );
    expect(refused.events[0]).not.toHaveProperty("diff_unified");
    expect(refused.events[0]).toMatchObject({ files_changed: ["config.py"] });
    expect(JSON.stringify(refused.events)).not.toContain(awsKey);
    // Only a diff that was there is reported as removed.
    expect(refused.dropped).toEqual(["e4: diff (no code consent)"]);
  });

  it("removes output refs without outputs consent", () => {
    const command: DevtraceEvent = {
      ...craft.cmd(1, "make"),
      stdout_ref: "out",
      stderr_ref: "err",
    };
    const test: DevtraceEvent = { ...craft.test(2, 1, 0), report_ref: "junit" };
    const result = prepareEvents([command, test], {
      consent: resolveConsent({ outputs: false }),
      redactor,
      nowSeconds: 1,
    });
    expect(result.events[0]).not.toHaveProperty("stdout_ref");
    expect(result.events[0]).not.toHaveProperty("stderr_ref");
    expect(result.events[1]).not.toHaveProperty("report_ref");
    expect(result.dropped).toHaveLength(2);
  });
});

describe("prepareArtifacts", () => {
  it("redacts text artifacts and drops outputs without consent", () => {
    const artifacts = {
      stdout_e1: { type: "stdout", event_id: "e1", content: `key=${awsKey}\nok` },
      notes: { type: "text", content: "plain" },
    };
    const granted = prepareArtifacts(artifacts, { consent: all, redactor });
    expect(granted.artifacts.stdout_e1?.content).not.toContain(awsKey);
    expect(granted.redactions).toBe(1);
    expect(granted.dropped).toEqual([]);

    const refused = prepareArtifacts(artifacts, {
      consent: resolveConsent({ outputs: false }),
      redactor,
    });
    expect(Object.keys(refused.artifacts)).toEqual(["notes"]);
    expect(refused.dropped).toEqual(["stdout_e1: stdout (no outputs consent)"]);
  });

  it("never runs binary snapshots through the text redactor and drops them without code consent", () => {
    const bytes = Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3, 250]);
    const snapshot = { type: "workspace_snapshot", content: bytes.toString("base64") };
    const kept = prepareArtifacts({ workspace_snapshot: snapshot }, { consent: all, redactor });
    const stored = kept.artifacts.workspace_snapshot;
    expect(stored?.content).toBe(snapshot.content);
    expect(stored === undefined ? undefined : artifactBytes(stored)).toEqual(bytes);
    const refused = prepareArtifacts(
      { workspace_snapshot: snapshot },
      { consent: resolveConsent({ code: false }), redactor },
    );
    expect(refused.artifacts).toEqual({});
    expect(refused.dropped).toEqual(["workspace_snapshot: workspace_snapshot (no code consent)"]);
  });

  it("treats absent artifacts as none", () => {
    expect(prepareArtifacts(undefined, { consent: all, redactor })).toEqual({
      artifacts: {},
      redactions: 0,
      dropped: [],
    });
  });
});

describe("prepareEvents with unknown fields (issue 15)", () => {
  const withExtras = {
    ...craft.cmd(1, "ls"),
    files_changed: ["a.py"],
    note: `token ${ghToken}`,
  } as unknown as DevtraceEvent;

  it("keeps them, redacting secrets inside", () => {
    const result = prepareEvents([withExtras], { consent: all, redactor, nowSeconds: 1 });
    expect(result.events[0]).toMatchObject({
      files_changed: ["a.py"],
      note: "token [REDACTED:github_token]",
    });
    expect(result.dropped).toEqual([]);
  });

  it("drops them, and says so, when any consent is withheld", () => {
    const consent = resolveConsent({ outputs: false });
    const result = prepareEvents([withExtras], { consent, redactor, nowSeconds: 1 });
    expect(result.events[0]).not.toHaveProperty("files_changed");
    expect(result.events[0]).not.toHaveProperty("note");
    expect(result.dropped).toContain(
      `${withExtras.id}: unknown fields files_changed, note (consent withheld)`,
    );
  });
});
