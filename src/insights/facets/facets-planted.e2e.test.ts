import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { modelConfigSchema } from "../../core/config.js";
import { createModelClient } from "../../model/model-client.js";
import { createRateLimiter } from "../../model/rate-limiter.js";
import {
  type ScriptedOpenAIServer,
  startScriptedOpenAIServer,
} from "../../model/scripted-server.js";
import type { Conversation } from "../input/conversation.js";
import { offlineAudit } from "../privacy/audit-text.js";
import { scanPii } from "../privacy/pii.js";
import { extractFacets } from "./facets.js";

interface Planted {
  kind: string;
  rule: string;
  variant: number;
  value: string;
  text: string;
}

const planted: Planted[] = readFileSync(
  join(import.meta.dirname, "../../../test/fixtures/privacy/planted.jsonl"),
  "utf8",
)
  .split("\n")
  .filter((line) => line.trim() !== "")
  .map((line) => JSON.parse(line) as Planted);

/** A realistic support conversation whose every user turn carries one planted value. */
function conversationWith(entry: Planted): Conversation {
  return {
    conversation_id: `planted-${entry.kind}-${entry.variant}`,
    user_id: "person-1",
    timestamp: "2026-03-14T10:00:00Z",
    schema_version: "1.0.0",
    messages: [
      { role: "user", content: `Please help me fix my deployment configuration. ${entry.text}` },
      { role: "assistant", content: "Sure, can you share the error you see?" },
      {
        role: "user",
        content: `The deployment fails with this line: ${entry.text}\nWhat should I change?`,
      },
      { role: "assistant", content: "Rotate the value and update the settings." },
    ],
  };
}

const servers: ScriptedOpenAIServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe("insights facets never carry a planted value", () => {
  it("offline facets (summary and task) of every planted kind and variant", async () => {
    const leaked: string[] = [];
    for (const entry of planted) {
      const facets = await extractFacets(conversationWith(entry), { salt: "salt" });
      const stored = JSON.stringify(facets);
      if (stored.includes(entry.value)) leaked.push(`${entry.kind} #${entry.variant}`);
    }
    expect(leaked).toEqual([]);
  });

  it("model facets: no request carries a planted value and echoed summaries are redacted", async () => {
    const server = await startScriptedOpenAIServer({
      answers: planted.map((entry) => ({
        match: { schemaName: "insights_facets" },
        value: {
          summary: `The user shared ${entry.text}`.slice(0, 600),
          task: `Fix ${entry.text}`.slice(0, 200),
          language: "en",
          language_confidence: 0.9,
          concerning_score: 1,
        },
      })),
    });
    servers.push(server);
    const client = createModelClient(
      modelConfigSchema.parse({
        provider: "openai:gpt-4o-mini",
        baseUrl: server.url,
        apiKey: "test",
        maxRetries: 0,
      }),
      {
        rateLimiter: createRateLimiter({ maxTokens: 1000, refillPerSecond: 1000, concurrency: 4 }),
      },
    );
    const leaks: string[] = [];
    for (const entry of planted) {
      const facets = await extractFacets(conversationWith(entry), { salt: "salt", client });
      const wire = JSON.stringify(server.requests.at(-1)?.body);
      const escaped = JSON.stringify(entry.value).slice(1, -1);
      if (wire.includes(entry.value) || wire.includes(escaped))
        leaks.push(`request: ${entry.kind} #${entry.variant}`);
      if (JSON.stringify(facets).includes(escaped))
        leaks.push(`facets: ${entry.kind} #${entry.variant}`);
    }
    expect(server.requests).toHaveLength(planted.length);
    expect(leaks).toEqual([]);
  });

  it("the privacy scanner counts the new kinds as personal data, not as generic secrets", () => {
    const kindOf = (text: string) => scanPii(text).findings.map((finding) => finding.kind);
    expect(kindOf("card 4111 1111 1111 1111")).toEqual(["card_number"]);
    expect(kindOf("IBAN DE89 3704 0044 0532 0130 00")).toEqual(["iban"]);
    expect(kindOf("call +44 7400 123456")).toEqual(["phone"]);
    expect(kindOf("SSN 123-45-6789")).toEqual(["ssn"]);
    expect(kindOf("lives at 1428 Elm Street")).toEqual(["street_address"]);
    expect(
      kindOf("key SG.abcdefghijklmnopqrstuv.abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"),
    ).toEqual(["secret"]);
    expect(offlineAudit("Passport No: X12345678").rating).toBeGreaterThan(1);
  });
});
