import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { stripCode } from "./text-tools.js";

/**
 * Language identification with eld (Efficient Language Detector, n-gram database "medium", 60
 * languages), run on all of a conversation's user text. eld was chosen over franc-min because
 * franc's trigram profiles misread short English requests ("I keep dreaming about missing trains in
 * week 3." → Malagasy, "Make it a shorter checklist." → Igbo) while eld reads them as English with
 * a clear margin (issue 16). Confidence combines the relative margin of the best score over the
 * runner-up with the amount of text:
 *   confidence = clamp(((best − runnerUp) / best) / 0.15, 0, 1) × min(1, letters / 80)
 * Fewer than `minimumLetters` letters, no reliable answer from eld, or confidence under
 * `minimumConfidence` gives "und" with confidence 0: a guess is worse than no answer, because
 * per-language centering would move such a conversation by a wrong language's mean.
 */
export interface DetectedLanguage {
  /** ISO 639-1 when the language has one, otherwise ISO 639-3; "und" when undetermined */
  language: string;
  iso639_3: string;
  confidence: number;
}

const iso6393To6391: Record<string, string> = {
  eng: "en",
  fra: "fr",
  spa: "es",
  deu: "de",
  ita: "it",
  por: "pt",
  nld: "nl",
  pol: "pl",
  ron: "ro",
  hun: "hu",
  ces: "cs",
  slk: "sk",
  swe: "sv",
  dan: "da",
  nob: "nb",
  fin: "fi",
  ell: "el",
  tur: "tr",
  rus: "ru",
  ukr: "uk",
  bul: "bg",
  srp: "sr",
  hrv: "hr",
  bos: "bs",
  slv: "sl",
  lit: "lt",
  lav: "lv",
  est: "et",
  cat: "ca",
  glg: "gl",
  eus: "eu",
  arb: "ar",
  arz: "ar",
  ary: "ar",
  pes: "fa",
  urd: "ur",
  hin: "hi",
  ben: "bn",
  pan: "pa",
  guj: "gu",
  mar: "mr",
  tam: "ta",
  tel: "te",
  kan: "kn",
  mal: "ml",
  sin: "si",
  nep: "ne",
  tha: "th",
  vie: "vi",
  ind: "id",
  zlm: "ms",
  tgl: "tl",
  cmn: "zh",
  jpn: "ja",
  kor: "ko",
  heb: "he",
  amh: "am",
  hau: "ha",
  yor: "yo",
  ibo: "ig",
  swh: "sw",
  som: "so",
  zul: "zu",
  xho: "xh",
  afr: "af",
  azj: "az",
  uzn: "uz",
  kaz: "kk",
  khk: "mn",
  mya: "my",
  khm: "km",
  ckb: "ku",
  kin: "rw",
  run: "rn",
  nya: "ny",
  sna: "sn",
  mlg: "mg",
  ilo: "ilo",
  ceb: "ceb",
  hat: "ht",
  uig: "ug",
  plt: "mg",
  aka: "ak",
  tir: "ti",
  ful: "ff",
  bel: "be",
  sqi: "sq",
  mkd: "mk",
  hye: "hy",
  kat: "ka",
  aze: "az",
  jav: "jv",
  sun: "su",
  snd: "sd",
  pbu: "ps",
};

export function toIso6391(iso6393: string): string {
  return iso6393To6391[iso6393] ?? iso6393;
}

export function toIso6393(code: string): string {
  const lower = code.toLowerCase();
  if (lower.length === 3) return lower;
  for (const [three, two] of Object.entries(iso6393To6391)) if (two === lower) return three;
  return "und";
}

type EldModule = typeof import("eld/medium");
let eldModule: EldModule | undefined;
/**
 * eld and its n-gram tables load on the first detection, not at import (issue 20). eld exports
 * only an `import` condition, so the file is resolved first and then required (Node ≥ 20.19).
 */
function eldDetector(): EldModule["eld"] {
  eldModule ??= createRequire(import.meta.url)(
    fileURLToPath(import.meta.resolve("eld/medium")),
  ) as EldModule;
  return eldModule.eld;
}

export const minimumLetters = 20;
export const minimumConfidence = 0.3;
const fullConfidenceLetters = 80;
const fullConfidenceMargin = 0.15;

export function detectLanguage(text: string): DetectedLanguage {
  const undetermined = { language: "und", iso639_3: "und", confidence: 0 };
  const prose = stripCode(text)
    .replace(/https?:\/\/\S+/g, " ")
    .replace(/\[[a-z_:A-Z]+\]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  const letters = (prose.match(/\p{L}/gu) ?? []).length;
  if (letters < minimumLetters) return undetermined;
  const result = eldDetector().detect(prose);
  if (result.language === "" || !result.isReliable()) return undetermined;
  const scores = Object.values(result.getScores()).sort((a, b) => b - a);
  const best = scores[0] ?? 0;
  const runnerUp = scores[1] ?? 0;
  if (best <= 0) return undetermined;
  const margin = Math.min(1, Math.max(0, (best - runnerUp) / best / fullConfidenceMargin));
  const length = Math.min(1, letters / fullConfidenceLetters);
  const confidence = Math.round(margin * length * 100) / 100;
  if (confidence < minimumConfidence) return undetermined;
  const iso6393 = toIso6393(result.language);
  return { language: result.language, iso639_3: iso6393, confidence };
}
