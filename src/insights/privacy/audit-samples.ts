import pLimit from "p-limit";
import type { ModelClient } from "../../model/model-client.js";
import { createSeededRandom } from "../eval/seeded-random.js";
import type { StoredConversation } from "../input/conversation.js";
import { auditText, type PrivacyRating, type TextAudit } from "./audit-text.js";

/**
 * Audits seeded samples of the three kinds of text a run holds: raw conversations (expected to
 * contain PII; the figure shows what the facets removed), facet summaries and cluster texts (both
 * expected to be clean). Examples list the lowest-rated items with the PII masked.
 */
export interface AuditSamplesInput {
  conversations: readonly StoredConversation[];
  /** How many conversations `conversations` was sampled from (default: its length). */
  conversationPopulation?: number;
  summaries: readonly { conversation_id: string; summary: string }[];
  /** A text that carries its `audit` (the gates audited every cluster) is not audited again. */
  clusterTexts: readonly {
    cluster_id: string | number;
    name: string;
    description: string;
    audit?: TextAudit;
  }[];
}

export interface AuditSamplesOptions {
  sampleSize?: number;
  seed?: number | string;
  client?: ModelClient;
  /** examples kept per section (default 5) */
  examples?: number;
  concurrency?: number;
  /** characters of a conversation sent to the auditor (default 4000) */
  maxChars?: number;
}

export interface SampleAuditSection {
  population: number;
  sampled: number;
  auditor: string;
  rating_histogram: Record<"1" | "2" | "3" | "4" | "5", number>;
  mean_rating: number | null;
  /** share of sampled items rated ≥ 3 (null when nothing was sampled) */
  share_passing: number | null;
  examples: { id: string; rating: PrivacyRating; findings: string[] }[];
}

export interface AuditSamplesReport {
  sample_size: number;
  seed: number | string;
  raw_conversations: SampleAuditSection;
  facet_summaries: SampleAuditSection;
  cluster_summaries: SampleAuditSection;
}

export async function auditSamples(
  input: AuditSamplesInput,
  options: AuditSamplesOptions = {},
): Promise<AuditSamplesReport> {
  const sampleSize = Math.max(0, options.sampleSize ?? 50);
  const seed = options.seed ?? 42;
  const maxChars = options.maxChars ?? 4000;
  const limit = pLimit(Math.max(1, options.concurrency ?? 4));
  const section = async (
    items: { id: string; text: string; audit?: TextAudit }[],
    salt: string,
    population = items.length,
  ) => {
    const random = createSeededRandom(`${seed}:${salt}`);
    const sample = random.shuffle(items).slice(0, sampleSize);
    const audits = await Promise.all(
      sample.map((item) =>
        limit(async () => ({
          id: item.id,
          ...(item.audit ?? (await auditText(item.text, { client: options.client }))),
        })),
      ),
    );
    return summarise(Math.max(population, items.length), audits, options);
  };
  return {
    sample_size: sampleSize,
    seed,
    raw_conversations: await section(
      input.conversations.map((conversation) => ({
        id: conversation.conversation_id,
        text: conversation.messages
          .map((message) => `${message.role}: ${message.content}`)
          .join("\n")
          .slice(0, maxChars),
      })),
      "conversations",
      input.conversationPopulation,
    ),
    facet_summaries: await section(
      input.summaries.map((item) => ({ id: item.conversation_id, text: item.summary })),
      "summaries",
    ),
    cluster_summaries: await section(
      input.clusterTexts.map((item) => ({
        id: String(item.cluster_id),
        text: `${item.name}\n${item.description}`,
        ...(item.audit ? { audit: item.audit } : {}),
      })),
      "clusters",
    ),
  };
}

function summarise(
  population: number,
  audits: { id: string; rating: PrivacyRating; findings: string[]; auditor: string }[],
  options: AuditSamplesOptions,
): SampleAuditSection {
  const histogram = { "1": 0, "2": 0, "3": 0, "4": 0, "5": 0 };
  let total = 0;
  for (const audit of audits) {
    histogram[String(audit.rating) as keyof typeof histogram] += 1;
    total += audit.rating;
  }
  const examples = audits
    .filter((audit) => audit.findings.length > 0)
    .sort((a, b) => a.rating - b.rating || a.id.localeCompare(b.id))
    .slice(0, options.examples ?? 5)
    .map((audit) => ({ id: audit.id, rating: audit.rating, findings: audit.findings.slice(0, 5) }));
  const passing = audits.filter((audit) => audit.rating >= 3).length;
  return {
    population,
    sampled: audits.length,
    auditor:
      audits[0]?.auditor ??
      (options.client === undefined || options.client.offline
        ? "offline:pii-audit/v1"
        : `${options.client.provider}:${options.client.model}`),
    rating_histogram: histogram,
    mean_rating: audits.length === 0 ? null : Math.round((total / audits.length) * 100) / 100,
    share_passing: audits.length === 0 ? null : Math.round((passing / audits.length) * 1000) / 1000,
    examples,
  };
}
