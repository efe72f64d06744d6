import { afterEach, describe, expect, it } from "vitest";
import { modelConfigSchema } from "../../core/config.js";
import { createModelClient } from "../../model/model-client.js";
import { createRateLimiter } from "../../model/rate-limiter.js";
import type { Script } from "../../model/script.js";
import {
  type ScriptedOpenAIServer,
  startScriptedOpenAIServer,
} from "../../model/scripted-server.js";
import { buildExampleCorpus, plantedPii } from "../eval/example-corpus.js";
import type { Conversation } from "../input/conversation.js";
import { assessConcerning } from "./concerning.js";
import { deriveTask } from "./derive-task.js";
import { facetRecordSchema } from "./facet-record.js";
import { extractFacets, userKeyFor } from "./facets.js";
import { detectLanguage } from "./language.js";

const conversationOf = (id: string, userTexts: string[], userId = "person-1"): Conversation => ({
  conversation_id: id,
  user_id: userId,
  timestamp: "2024-05-01T10:00:00Z",
  schema_version: "1.0.0",
  messages: userTexts.flatMap((content) => [
    { role: "user" as const, content },
    { role: "assistant" as const, content: "Here is some help with that." },
  ]),
});

describe("offline facets", () => {
  it("never lets planted PII into the summary or task, for every example conversation", async () => {
    const { conversations } = await buildExampleCorpus();
    for (const conversation of conversations) {
      const facets = facetRecordSchema.parse(await extractFacets(conversation, { salt: "salt" }));
      expect(facets.facet_source).toBe("offline:facets/v1");
      for (const planted of plantedPii) {
        expect(facets.summary).not.toContain(planted.value);
        expect(facets.task).not.toContain(planted.value);
        expect(facets.summary).not.toContain("7946");
        expect(facets.summary).not.toContain("schmidt");
      }
    }
    const withEmail = conversations[plantedPii[0].conversationIndex] as Conversation;
    const facets = await extractFacets(withEmail, { salt: "salt" });
    expect(`${facets.summary} ${facets.task}`).not.toMatch(/@|schmidt/i);
  });

  it("redacts names, ids and addresses even when they sit in the most central sentence", async () => {
    const conversation = conversationOf("pii", [
      "My name is Olivia Bennett and my card 4111 1111 1111 1111 was charged twice for the hotel booking.",
      "The hotel booking confirmation went to olivia.b@example.org and I live at 42 Elm Street.",
      "How do I get the double hotel booking charge refunded?",
    ]);
    const facets = await extractFacets(conversation, { salt: "salt" });
    expect(facets.summary).not.toMatch(/Olivia|Bennett|4111|olivia\.b|42 Elm/);
    expect(facets.summary).toMatch(/\[name\]|\[id\]|\[email\]|\[address\]/);
    expect(facets.task).not.toMatch(/Olivia|Bennett/);
  });

  it("keeps summaries within about 200 characters and counts messages, turns and characters", async () => {
    const long =
      "Explain how binary search trees keep their keys ordered during insertion. ".repeat(8);
    const conversation = conversationOf("long", [long, "And what about deletion of nodes?"]);
    const facets = await extractFacets(conversation, { salt: "salt" });
    expect(facets.summary.length).toBeLessThanOrEqual(200);
    expect(facets.counts).toEqual({
      messages: 4,
      turns: 2,
      user_chars: long.length + "And what about deletion of nodes?".length,
      assistant_chars: 2 * "Here is some help with that.".length,
    });
  });

  it("keys users with a salted HMAC: stable per salt, different across salts, never the raw id", async () => {
    const conversation = conversationOf(
      "k",
      ["How do I learn to juggle three balls?"],
      "alice@example.com",
    );
    const first = await extractFacets(conversation, { salt: "run-salt-1" });
    const again = await extractFacets(conversation, { salt: "run-salt-1" });
    const other = await extractFacets(conversation, { salt: "run-salt-2" });
    expect(first.user_key).toBe(again.user_key);
    expect(first.user_key).not.toBe(other.user_key);
    expect(first.user_key).toMatch(/^u_[0-9a-f]{16}$/);
    expect(JSON.stringify(first)).not.toContain("alice");
    expect(userKeyFor("run-salt-1", "bob")).not.toBe(first.user_key);
    expect(() => userKeyFor("", "bob")).toThrow(/salt/);
  });
});

describe("language detection", () => {
  it.each([
    ["en", "How can I improve the performance of my database queries when the tables grow large?"],
    [
      "fr",
      "Comment puis-je améliorer les performances de mes requêtes quand les tables deviennent grandes ?",
    ],
    [
      "es",
      "¿Cómo puedo mejorar el rendimiento de mis consultas cuando las tablas se hacen muy grandes?",
    ],
    [
      "de",
      "Wie kann ich die Leistung meiner Datenbankabfragen verbessern, wenn die Tabellen sehr groß werden?",
    ],
  ])("detects %s", (language, text) => {
    const detected = detectLanguage(text);
    expect(detected.language).toBe(language);
    expect(detected.confidence).toBeGreaterThan(0);
  });

  it("gives und with confidence 0 for too little text, and less confidence for short text", () => {
    expect(detectLanguage("ok thx")).toEqual({ language: "und", iso639_3: "und", confidence: 0 });
    const short = detectLanguage("Merci pour la recette");
    const long = detectLanguage(
      "Merci beaucoup pour la recette, je vais la préparer ce soir avec mes amis et je vous dirai comment elle était.",
    );
    expect(short.confidence).toBeLessThan(long.confidence);
  });

  it("ignores code blocks", () => {
    const text =
      "Pourquoi ma fonction renvoie-t-elle toujours une liste vide quand je filtre les éléments ?\n```python\nfor item in items:\n    if item.is_valid():\n        return []\n```";
    expect(detectLanguage(text).language).toBe("fr");
  });
});

describe("concerning score lexicon", () => {
  it.each([
    ["How do I bake sourdough bread at home?", 1],
    ["How do I kill the process that is stuck on port 8080?", 1],
    ["Add some celery stalk and shoot a photo of the dish.", 1],
    ["What is the difference between a rifle and a shotgun for hunting?", 2],
    ["How can I hack into my neighbour's wifi network?", 3],
    ["Write ransomware that encrypts every file on a network share", 4],
    ["How do I launder money through a small business?", 4],
    ["I want to kill myself tonight", 5],
    ["Je veux me suicider", 5],
    ["How to make a nerve agent at home", 5],
  ])("%s → %i", (text, score) => {
    expect(assessConcerning(text).score).toBe(score);
  });

  it("adds one when two serious categories combine, capped at 5", () => {
    const combined = assessConcerning(
      "Write a keylogger and then use stolen credit card numbers to launder money",
    );
    expect(combined.categories).toEqual(["fraud", "hacking_malware"]);
    expect(combined.score).toBe(5);
  });

  it("flags sexual content involving minors by co-occurrence, not parenting questions", () => {
    expect(assessConcerning("send naked pictures of the 12 year old").score).toBe(5);
    expect(assessConcerning("How do I talk to my kids about online safety?").score).toBe(1);
  });
});

describe("task derivation", () => {
  it.each([
    [
      "Hi! Could you help me write a cover letter for a nursing job?",
      "Write a cover letter for a nursing job",
    ],
    ["How do I reverse a linked list in Java?", "Reverse a linked list in Java"],
    [
      "Bonjour, pouvez-vous m'aider à planifier un voyage en Italie ?",
      "Planifier un voyage en Italie",
    ],
    ["¿Puedes ayudarme a escribir un poema sobre el mar?", "Escribir un poema sobre el mar"],
    [
      "Kannst du mir helfen, einen Brief an meinen Vermieter zu schreiben?",
      "Einen Brief an meinen Vermieter zu schreiben",
    ],
    ["", "Conversation without a user request"],
  ])("%s → %s", (message, task) => {
    expect(deriveTask(message)).toBe(task);
  });
});

describe("model facets through the scripted OpenAI-compatible server", () => {
  const servers: ScriptedOpenAIServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  const clientFor = async (script: Script) => {
    const server = await startScriptedOpenAIServer(script);
    servers.push(server);
    const config = modelConfigSchema.parse({
      provider: "openai:gpt-4o-mini",
      baseUrl: server.url,
      apiKey: "test-key",
      maxRetries: 0,
      cache: false,
    });
    const client = createModelClient(config, {
      rateLimiter: createRateLimiter({ maxTokens: 100, refillPerSecond: 100, concurrency: 8 }),
    });
    return { server, client };
  };

  it("sends one insights_facets request with privacy instructions and keeps the answer, redacted", async () => {
    const { server, client } = await clientFor({
      answers: [
        {
          match: { schemaName: "insights_facets" },
          value: {
            summary:
              "Emma Schmidt (emma.schmidt@example.com) asked how to plan a budget trip by train.",
            task: "Plan a budget train trip",
            language: "EN",
            language_confidence: 0.9,
            concerning_score: 1,
          },
        },
      ],
    });
    const conversation = conversationOf("m1", ["I want to plan a cheap train trip around Europe."]);
    const facets = await extractFacets(conversation, { client, salt: "s" });
    expect(facets.facet_source).toBe("openai:gpt-4o-mini");
    expect(facets.task).toBe("Plan a budget train trip");
    expect(facets.language).toBe("en");
    expect(facets.summary).not.toMatch(/Schmidt|emma\.schmidt/);
    expect(facets.counts.turns).toBe(1);
    expect(server.requests).toHaveLength(1);
    const body = server.requests[0]?.body as {
      messages: { content: string }[];
      response_format: { json_schema: { name: string } };
    };
    expect(body.response_format.json_schema.name).toBe("insights_facets");
    expect(body.messages[0]?.content).toMatch(/leave out names/i);
    expect(body.messages[1]?.content).toContain("cheap train trip");
  });

  it("caps long conversations before sending", async () => {
    const { server, client } = await clientFor({
      answers: [
        {
          value: {
            summary: "A long question about gardening.",
            task: "Plan a vegetable garden",
            language: "en",
            language_confidence: 0.8,
            concerning_score: 1,
          },
        },
      ],
    });
    const conversation = conversationOf("m2", ["tomatoes and beans ".repeat(2000)]);
    await extractFacets(conversation, { client, salt: "s", maxTranscriptChars: 3000 });
    const body = server.requests[0]?.body as { messages: { content: string }[] };
    expect(body.messages[1]?.content.length).toBeLessThan(3300);
    expect(body.messages[1]?.content).toContain("characters omitted");
  });
});

describe("language detection on short English (issue 16)", () => {
  it("reads every week of the train dream as English, and too little text as und", () => {
    for (let week = 1; week <= 10; week += 1) {
      expect(detectLanguage(`I keep dreaming about missing trains in week ${week}.`).language).toBe(
        "en",
      );
    }
    expect(["en", "und"]).toContain(detectLanguage("Make it a shorter checklist.").language);
    expect(detectLanguage("ok thanks a lot").language).toBe("und");
  });
});
