import type { RedactionRule } from "./redaction-rules.js";
import { entropy, mixesClasses } from "./redaction-validators.js";

/**
 * Tokens of hosted services, each recognised by its documented prefix and length. They run after
 * the older provider rules and before the keyword rules (bearer, credential assignments), so a
 * token is reported by its service's name. Every pattern starts on its literal prefix, is tied to
 * a token boundary and has bounded quantifiers only: one linear pass each, skipped outright when
 * the text holds none of its hints.
 */

const boundary = "(?<![A-Za-z0-9_-])";
const endBoundary = "(?![A-Za-z0-9_-])";

/** Literal first (so the engine can skip ahead to it), then the boundary checked behind it. */
function prefixed(prefix: string, body: string): RegExp {
  return new RegExp(`${prefix}(?<![A-Za-z0-9_-]${prefix})${body}${endBoundary}`);
}

function looksRandom(value: string): boolean {
  return /\d/.test(value) && /[A-Za-z]/.test(value);
}

export const serviceTokenRules: readonly RedactionRule[] = [
  {
    name: "twilio_api_key",
    description: "Twilio API key SIDs (SK followed by 32 hex digits)",
    pattern: /SK(?<![A-Za-z0-9_-]SK)[0-9a-fA-F]{32}(?![A-Za-z0-9_-])/,
    hints: ["SK"],
  },
  {
    name: "twilio_account_sid",
    description: "Twilio account SIDs (AC followed by 32 lower-case hex digits)",
    pattern: /AC(?<![A-Za-z0-9_-]AC)[0-9a-f]{32}(?![A-Za-z0-9_-])/,
    hints: ["AC"],
  },
  {
    name: "sendgrid_key",
    description: "SendGrid API keys (SG.<22>.<43>)",
    pattern: prefixed("SG\\.", "[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}"),
    hints: ["SG."],
  },
  {
    name: "azure_storage_key",
    description:
      "Azure storage and service-bus keys in connection strings (AccountKey=, SharedAccessKey=); only the key is redacted",
    pattern:
      /(?<![A-Za-z0-9])(?:AccountKey|SharedAccessKey|SharedSecretValue|PrimaryKey|SecondaryKey)=(?<secret>[A-Za-z0-9+/]{20,128}={0,2})(?![A-Za-z0-9+/=])/,
    hints: ["Key=", "Value="],
  },
  {
    name: "azure_sas_signature",
    description: "the sig= signature of Azure shared-access-signature URLs and tokens",
    pattern: /[?&;]sig=(?<secret>[A-Za-z0-9%+/]{20,256}(?:%3D|=){0,2})/,
    hints: ["sig="],
  },
  {
    name: "azure_client_secret",
    description: "Microsoft Entra (Azure AD) client secrets (<3 chars><digit>Q~<31-34 chars>)",
    pattern: /(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/,
    hints: ["Q~"],
  },
  {
    name: "discord_token",
    description:
      "Discord bot and user tokens (base64 user id . 6-character timestamp . 27-38-character HMAC)",
    pattern:
      /(?<![A-Za-z0-9_.-])[MNO][A-Za-z0-9_-]{23,25}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38}(?![A-Za-z0-9_-])(?!\.[A-Za-z0-9_-])/,
    accept: (match) => mixesClasses(match.slice(0, match.indexOf("."))),
  },
  {
    name: "pypi_token",
    description: "PyPI and TestPyPI upload tokens (pypi-AgE…)",
    pattern: prefixed("pypi-AgE", "[A-Za-z0-9_-]{50,400}"),
    hints: ["pypi-AgE"],
  },
  {
    name: "mailgun_key",
    description: "Mailgun API keys (key- followed by 32 hex digits)",
    pattern: prefixed("key-", "[0-9a-f]{32}"),
    hints: ["key-"],
  },
  {
    name: "mailchimp_key",
    description: "Mailchimp API keys (32 hex digits, -us and the data-centre number)",
    pattern: /(?<![A-Za-z0-9_-])[0-9a-f]{32}-us\d{1,2}(?![A-Za-z0-9_-])/,
    hints: ["-us"],
  },
  {
    name: "shopify_token",
    description: "Shopify access tokens and shared secrets (shpat_, shpca_, shppa_, shpss_)",
    pattern: prefixed("shp(?:at|ca|pa|ss)_", "[a-fA-F0-9]{32}"),
    hints: ["shp"],
  },
  {
    name: "digitalocean_token",
    description: "DigitalOcean tokens (dop_v1_, doo_v1_, dor_v1_ followed by 64 hex digits)",
    pattern: prefixed("do[opr]_v1_", "[a-f0-9]{64}"),
    hints: ["_v1_"],
  },
  {
    name: "telegram_bot_token",
    description: "Telegram bot tokens (<bot id>:AA<33 characters>)",
    pattern: /(?:(?<=bot)|(?<![A-Za-z0-9_:-]))\d{8,10}:AA[A-Za-z0-9_-]{33}(?![A-Za-z0-9_-])/,
    hints: [":AA"],
  },
  {
    name: "square_token",
    description: "Square access tokens and OAuth secrets (EAAA…, sq0atp-, sq0csp-)",
    pattern: new RegExp(
      `${boundary}(?:sq0atp-[A-Za-z0-9_-]{22}|sq0csp-[A-Za-z0-9_-]{43}|EAAA[A-Za-z0-9_-]{60})${endBoundary}`,
    ),
    hints: ["sq0", "EAAA"],
  },
  {
    name: "facebook_token",
    description: "Facebook / Meta Graph API access tokens (EAA followed by 100+ characters)",
    pattern: prefixed("EAA", "[A-Za-z0-9]{100,400}"),
    hints: ["EAA"],
    accept: looksRandom,
  },
  {
    name: "linear_key",
    description: "Linear API keys (lin_api_ followed by 40 characters)",
    pattern: prefixed("lin_api_", "[A-Za-z0-9]{40}"),
    hints: ["lin_api_"],
  },
  {
    name: "postman_key",
    description: "Postman API keys (PMAK-<24 hex>-<34 hex>)",
    pattern: prefixed("PMAK-", "[0-9a-f]{24}-[0-9a-f]{34}"),
    hints: ["PMAK-"],
  },
  {
    name: "doppler_token",
    description: "Doppler tokens (dp.st., dp.ct., dp.pt., dp.sa., dp.scim., dp.audit.)",
    pattern: prefixed("dp\\.(?:st|ct|pt|sa|scim|audit)\\.", "[A-Za-z0-9_-]{40,64}"),
    hints: ["dp."],
  },
  {
    name: "vault_token",
    description: "HashiCorp Vault tokens (hvs., hvb., hvr.)",
    pattern: prefixed("hv[sbr]\\.", "[A-Za-z0-9_-]{24,256}"),
    hints: ["hvs.", "hvb.", "hvr."],
    accept: looksRandom,
  },
  {
    name: "atlassian_token",
    description: "Atlassian API tokens (ATATT3…)",
    pattern: /ATATT3(?<![A-Za-z0-9_-]ATATT3)[A-Za-z0-9_=-]{150,220}(?![A-Za-z0-9_=-])/,
    hints: ["ATATT3"],
  },
  {
    name: "dropbox_token",
    description: "Dropbox short-lived access tokens (sl. followed by 130+ characters)",
    pattern: prefixed("sl\\.(?:u\\.)?", "[A-Za-z0-9_-]{130,1400}"),
    hints: ["sl."],
    accept: looksRandom,
  },
  {
    name: "age_secret_key",
    description: "age encryption secret keys (AGE-SECRET-KEY-1 and 58 bech32 characters)",
    pattern: /AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}/,
    hints: ["AGE-SECRET-KEY-1"],
  },
  {
    name: "databricks_token",
    description: "Databricks personal access tokens (dapi followed by 32 hex digits)",
    pattern: prefixed("dapi", "[0-9a-f]{32}(?:-\\d)?"),
    hints: ["dapi"],
  },
  {
    name: "grafana_token",
    description: "Grafana service-account tokens (glsa_) and Grafana Cloud tokens (glc_)",
    pattern: new RegExp(
      `${boundary}(?:glsa_[A-Za-z0-9]{32}_[0-9a-f]{8}|glc_[A-Za-z0-9+/]{32,400}={0,2})(?![A-Za-z0-9_+/=-])`,
    ),
    hints: ["glsa_", "glc_"],
  },
  {
    name: "gitlab_token",
    description:
      "GitLab tokens (glpat-, gldt-, glrt-, glptt-, glcbt-, gloas-, glsoat-, glffct-) and runner registration tokens (GR1348941…)",
    pattern: new RegExp(
      `${boundary}(?:gl(?:pat|dt|rt|ptt|cbt|oas|soat|ffct|imt|agent)-[A-Za-z0-9_-]{20,64}(?:\\.[0-9a-z]{2}\\.[0-9a-z]{9})?|GR1348941[A-Za-z0-9_-]{20})${endBoundary}`,
    ),
    hints: ["gl", "GR1348941"],
  },
  {
    name: "supabase_token",
    description: "Supabase personal access tokens (sbp_ followed by 40 hex digits)",
    pattern: prefixed("sbp_", "[0-9a-f]{40}"),
    hints: ["sbp_"],
  },
  {
    name: "pulumi_token",
    description: "Pulumi access tokens (pul- followed by 40 hex digits)",
    pattern: prefixed("pul-", "[0-9a-f]{40}"),
    hints: ["pul-"],
  },
  {
    name: "terraform_token",
    description: "Terraform Cloud / HCP tokens (<14>.atlasv1.<60-70>)",
    pattern: /(?<![A-Za-z0-9_-])[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70}(?![A-Za-z0-9_=-])/,
    hints: [".atlasv1."],
  },
  {
    name: "figma_token",
    description: "Figma personal access tokens (figd_)",
    pattern: prefixed("figd_", "[A-Za-z0-9_-]{40}"),
    hints: ["figd_"],
  },
  {
    name: "sentry_token",
    description: "Sentry organisation and user auth tokens (sntrys_, sntryu_)",
    pattern: /sntry[su]_(?<![A-Za-z0-9_-]sntry[su]_)[A-Za-z0-9+/=_-]{40,300}(?![A-Za-z0-9+/=_-])/,
    hints: ["sntry"],
  },
  {
    name: "rubygems_key",
    description: "RubyGems API keys (rubygems_ followed by 48 hex digits)",
    pattern: prefixed("rubygems_", "[0-9a-f]{48}"),
    hints: ["rubygems_"],
  },
  {
    name: "docker_hub_token",
    description: "Docker Hub personal access tokens (dckr_pat_)",
    pattern: prefixed("dckr_pat_", "[A-Za-z0-9_-]{27}"),
    hints: ["dckr_pat_"],
  },
  {
    name: "groq_key",
    description: "Groq API keys (gsk_ followed by 52 characters)",
    pattern: prefixed("gsk_", "[A-Za-z0-9]{52}"),
    hints: ["gsk_"],
  },
  {
    name: "replicate_token",
    description: "Replicate API tokens (r8_ followed by 37 characters)",
    pattern: prefixed("r8_", "[A-Za-z0-9]{37}"),
    hints: ["r8_"],
    accept: looksRandom,
  },
  {
    name: "perplexity_key",
    description: "Perplexity API keys (pplx- followed by 48 characters)",
    pattern: prefixed("pplx-", "[A-Za-z0-9]{48}"),
    hints: ["pplx-"],
  },
  {
    name: "xai_key",
    description: "xAI API keys (xai- followed by 80 characters)",
    pattern: prefixed("xai-", "[A-Za-z0-9]{80}"),
    hints: ["xai-"],
  },
  {
    name: "newrelic_key",
    description: "New Relic user API keys (NRAK- followed by 27 characters)",
    pattern: prefixed("NRAK-", "[A-Z0-9]{27}"),
    hints: ["NRAK-"],
  },
  {
    name: "heroku_key",
    description: "Heroku API keys (HRKU- prefix)",
    pattern: prefixed("HRKU-", "[A-Za-z0-9_-]{20,80}"),
    hints: ["HRKU-"],
  },
];

/** Words that put a bare 40-character string in the neighbourhood of AWS credentials. */
const awsContext = /aws|amazon|akia|asia|\bs3\b|\biam\b|secret|credential|boto/i;

/** Identifiers (CamelCaseNames2) have long lower-case runs; random keys average under two. */
function wordLike(value: string): boolean {
  const runs = value.match(/[a-z]+/g) ?? [];
  const letters = runs.reduce((sum, run) => sum + run.length, 0);
  return runs.length > 0 && letters / runs.length >= 3;
}

/**
 * A 40-character AWS secret key with no keyword in front of it: high entropy, upper and lower case
 * and digits; near AWS words (300 characters before, 100 after) a lower entropy is enough.
 */
export const bareAwsSecretRule: RedactionRule = {
  name: "aws_secret_key",
  description:
    "40-character AWS secret keys without a keyword: mixed case and digits, high entropy, and near AWS context unless very random",
  pattern: /(?<![A-Za-z0-9/+=_.-])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=_-])/,
  accept: (match, _groups, where) => {
    if (!mixesClasses(match) || wordLike(match)) return false;
    const bits = entropy(match);
    if (bits >= 4.2) return true;
    if (bits < 3.5) return false;
    const around = where.text.slice(
      Math.max(0, where.index - 300),
      where.index + match.length + 100,
    );
    return awsContext.test(around.replace(match, " "));
  },
};
