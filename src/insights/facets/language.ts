import { loadOnFirstUse } from "../../core/load-on-first-use.js";
import { stripCode } from "./text-tools.js";

/**
 * Language identification with franc-min (trigram profiles of the 82 languages with more than
 * 8 million speakers). franc scores every language relative to the best (best = 1), so confidence
 * comes from the margin over the runner-up, scaled down for short texts where trigram statistics
 * are thin:
 *   confidence = clamp((1 - runnerUpScore) / 0.25, 0, 1) × min(1, letters / 120)
 * Fewer than 10 letters (franc's own minimum) gives "und" with confidence 0.
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

/** franc-min and its trigram tables load on the first detection, not at import. */
const loadFranc = loadOnFirstUse<typeof import("franc-min")>("franc-min");

const minimumLetters = 10;
const fullConfidenceLetters = 120;
const fullConfidenceMargin = 0.25;

export function detectLanguage(text: string): DetectedLanguage {
  const prose = stripCode(text)
    .replace(/https?:\/\/\S+/g, " ")
    .replace(/\[[a-z_:A-Z]+\]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  const letters = (prose.match(/\p{L}/gu) ?? []).length;
  if (letters < minimumLetters) return { language: "und", iso639_3: "und", confidence: 0 };
  const ranked = loadFranc().francAll(prose, { minLength: minimumLetters });
  const best = ranked[0];
  if (best === undefined || best[0] === "und") {
    return { language: "und", iso639_3: "und", confidence: 0 };
  }
  const runnerUp = ranked[1]?.[1] ?? 0;
  const margin = Math.min(1, Math.max(0, (1 - runnerUp) / fullConfidenceMargin));
  const length = Math.min(1, letters / fullConfidenceLetters);
  return {
    language: toIso6391(best[0]),
    iso639_3: best[0],
    confidence: Math.round(margin * length * 100) / 100,
  };
}
