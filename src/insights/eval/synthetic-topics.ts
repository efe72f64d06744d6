import { syntheticTopicTemplates1 } from "./synthetic-topic-templates-1.js";
import { syntheticTopicTemplates2 } from "./synthetic-topic-templates-2.js";
import { syntheticTopicTemplates3 } from "./synthetic-topic-templates-3.js";

/**
 * Templates for the offline synthetic corpus: per topic and language, openers, follow-ups and
 * assistant replies with {slot} placeholders. Slots are topic-specific vocabulary, so topics are
 * separable by content while phrasing varies; no template contains personal data.
 */
export const syntheticLanguages = ["en", "fr", "es", "de"] as const;
export type SyntheticLanguage = (typeof syntheticLanguages)[number];

export interface TopicLanguageTemplates {
  openers: string[];
  followUps: string[];
  replies: string[];
  slots?: Record<string, string[]>;
}

export interface TopicTemplates {
  topic: string;
  description: string;
  slots: Record<string, string[]>;
  languages: Record<SyntheticLanguage, TopicLanguageTemplates>;
}

/** The eight topics, in this order (the corpus's and the eval's topic indexes follow it). */
export const syntheticTopics: TopicTemplates[] = [
  ...syntheticTopicTemplates1,
  ...syntheticTopicTemplates2,
  ...syntheticTopicTemplates3,
];

export function fillTemplate(
  template: string,
  slots: Record<string, string[]>,
  choose: (options: readonly string[]) => string,
  chosen: Map<string, string>,
): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const already = chosen.get(name);
    if (already !== undefined) return already;
    const options = slots[name];
    if (options === undefined || options.length === 0) return whole;
    const value = choose(options);
    chosen.set(name, value);
    return value;
  });
}
