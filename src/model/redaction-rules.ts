/**
 * The built-in redaction rules, ordered most specific first. A rule that runs earlier leaves a
 * `[REDACTED:<rule>]` marker that later, broader rules cannot match, so a JWT is reported as `jwt`
 * and not `base64_blob`, a database URL as `database_url` and not `email`. A pattern with a named
 * group `secret` redacts only that group, keeping key names, URL schemes and hosts readable.
 * Every pattern is tied to a token boundary (a lookbehind), which keeps each scan linear in the
 * text; the hot ones start on a cheap literal or lookahead and check the boundary behind it.
 */
export interface RedactionRule {
  name: string;
  description: string;
  /** Compiled once by the redactor with the `g` flag added (and `d` when it has a `secret` group). */
  pattern: RegExp;
  /**
   * Optional validator to cut false positives (check digits, number plans, entropy, context):
   * receives the whole match, its named groups and where it lies in the scanned text. A number
   * accepts only that many leading characters of the match (a phone number followed by more
   * digits); the scan resumes after them. Numbers are ignored for rules with a `secret` group.
   */
  accept?: (
    match: string,
    groups: Readonly<Record<string, string | undefined>>,
    where: MatchContext,
  ) => boolean | number;
  /**
   * Literals of which at least one occurs in every match (case-sensitive): a text holding none of
   * them skips the rule's scan. Only for speed; the pattern alone decides what matches.
   */
  hints?: readonly string[];
}

export interface MatchContext {
  text: string;
  /** Offset of the whole match in text. */
  index: number;
}

import { personalDataRules } from "./redaction-rules-pii.js";
import { bareAwsSecretRule, serviceTokenRules } from "./redaction-rules-services.js";
import { validBasicCredentials } from "./redaction-validators.js";

const boundary = "(?<![A-Za-z0-9_-])";
const endBoundary = "(?![A-Za-z0-9_-])";

/** Random tokens mix letters and digits; words, placeholders and identifiers usually do not. */
function looksRandom(value: string): boolean {
  return /\d/.test(value) && /[A-Za-z]/.test(value);
}

/** `logo@2x.png` has the shape of an address; these extensions are no top-level domain. */
const fileExtensions = new Set(
  "png jpg jpeg gif svg webp ico bmp tiff avif pdf mp4 webm wasm gz js mjs cjs ts tsx jsx css scss map json txt html".split(
    " ",
  ),
);

const placeholderValue =
  /^(?:\[REDACTED:[^\]]*\].*|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|\{\{.*\}\}|<[^>]*>|%\(?[A-Za-z_]*\)?s|[*x•.]+|null|true|false|none|nil|undefined)$/i;

/** Type annotations look like assignments (`password: string`) but carry no value. */
const typeNames = new Set([
  "string",
  "str",
  "number",
  "int",
  "integer",
  "boolean",
  "bool",
  "bytes",
  "text",
]);

/** Keys whose values are secrets; also used by redactValue for object keys. */
const credentialKeywords =
  "(?:password|passwd|[_.-]pwd|passphrase|api[_-]?key|api[_-]?secret|api[_-]?token|auth[_-]?token|access[_-]?key|secret[_-]?key|private[_-]?token|secret)";
export const credentialKeySource = `[A-Za-z0-9_.-]{0,40}?${credentialKeywords}`;
export const oauthKeySource =
  "(?:access[_-]token|refresh[_-]token|id[_-]token|client[_-]secret|oauth[_-]token)";

const ipv4Octet = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const ipv4 = `(?:${ipv4Octet}\\.){3}${ipv4Octet}`;
const hex4 = "[0-9A-Fa-f]{1,4}";
const ipv6 = [
  `(?:${hex4}:){7}${hex4}`,
  `(?:${hex4}:){1,4}:${ipv4}`,
  `::(?:[Ff]{4}:)?${ipv4}`,
  `(?:${hex4}:){1,6}:${hex4}`,
  `(?:${hex4}:){1,5}(?::${hex4}){1,2}`,
  `(?:${hex4}:){1,4}(?::${hex4}){1,3}`,
  `(?:${hex4}:){1,3}(?::${hex4}){1,4}`,
  `(?:${hex4}:){1,2}(?::${hex4}){1,5}`,
  `${hex4}:(?::${hex4}){1,6}`,
  `:(?::${hex4}){1,7}`,
  `(?:${hex4}:){1,7}:`,
].join("|");

const strictIpv6 = new RegExp(`^(?:${ipv6})$`);

function isLoopbackOrUnspecified(address: string): boolean {
  return (
    address.startsWith("127.") ||
    address === "0.0.0.0" ||
    address === "255.255.255.255" ||
    /^(?:0{0,4}:){2,7}0{0,3}1?$/.test(address)
  );
}

export const builtInRedactionRules: readonly RedactionRule[] = [
  {
    name: "private_key",
    description:
      "PEM private key blocks (RSA, EC, DSA, OPENSSH, ENCRYPTED, PGP ... BLOCK), BEGIN to END; a block cut off before END is redacted through its base64 lines",
    // The body never crosses "-----", so a BEGIN without END costs only the distance to the next one.
    pattern:
      /-----BEGIN[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----(?:(?:[^-]|-(?!----)){0,16384}?-----END[ A-Z0-9]*PRIVATE KEY(?: BLOCK)?-----|(?:(?:\\[rn]|\s){0,64}[A-Za-z0-9+/=]{16,}(?![A-Za-z0-9+/=])){0,4096})/,
  },
  {
    name: "database_url",
    description:
      "connection URLs with user:password@ (postgres, mysql, mariadb, mongodb(+srv), redis(s), amqp(s), mssql, ...): the user:password part is redacted, scheme, host, port and database stay readable",
    pattern:
      /:\/\/(?<=(?<![A-Za-z0-9+.-])(?:jdbc:)?(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|cockroachdb|clickhouse|couchdb|neo4j(?:\+s)?|bolt|cassandra|oracle|snowflake):\/\/)(?<secret>[^\s:/?#@'"<>[\]]*:[^\s'"<>/?#]+)@/i,
  },
  {
    name: "url_credentials",
    description:
      "user:password@ in http(s), ftp, sftp, ssh, smtp, ldap, ws(s) and git URLs: the user:password part is redacted, scheme and host stay readable",
    pattern:
      /:\/\/(?<=(?<![A-Za-z0-9+.-])(?:https?|ftps?|sftp|ssh|smtps?|imaps?|ldaps?|wss?|git|svn|rsync):\/\/)(?<secret>[^\s:/?#@'"<>[\]]{1,256}:[^\s'"<>/?#@]{1,512})@/i,
    hints: ["://"],
  },
  {
    name: "slack_webhook",
    description: "Slack incoming-webhook URLs: the path after hooks.slack.com/<kind>/ is redacted",
    pattern:
      /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/(?<secret>[A-Za-z0-9_/-]{10,})/,
  },
  {
    name: "discord_webhook",
    description: "Discord webhook URLs: the id and token after /api/webhooks/ are redacted",
    pattern:
      /https:\/\/(?:ptb\.|canary\.)?discord(?:app)?\.com\/api\/webhooks\/(?<secret>\d{15,22}\/[A-Za-z0-9_-]{40,100})/,
    hints: ["discord"],
  },
  {
    name: "jwt",
    description: "JSON Web Tokens: three base64url segments, the header starting eyJ",
    pattern: new RegExp(`${boundary}eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*`),
  },
  {
    name: "anthropic_key",
    description: "Anthropic API keys (sk-ant-api03-…, sk-ant-admin01-…)",
    pattern: new RegExp(`${boundary}sk-ant-[a-z]{2,8}\\d{2}-[A-Za-z0-9_-]{20,256}${endBoundary}`),
  },
  {
    name: "openai_key",
    description: "OpenAI API keys (sk-…, sk-proj-…, sk-svcacct-…, sk-admin-…)",
    pattern: new RegExp(
      `${boundary}sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,256}${endBoundary}`,
    ),
    accept: looksRandom,
  },
  {
    name: "github_token",
    description: "GitHub tokens (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_)",
    pattern: new RegExp(
      `${boundary}(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,251})${endBoundary}`,
    ),
  },
  {
    name: "stripe_key",
    description: "Stripe keys (sk_/rk_/pk_ live or test) and webhook secrets (whsec_)",
    pattern: new RegExp(
      `${boundary}(?:[srp]k_(?:live|test)_[A-Za-z0-9]{10,247}|whsec_[A-Za-z0-9]{24,128})${endBoundary}`,
    ),
  },
  {
    name: "slack_token",
    description: "Slack tokens (xoxb-, xoxp-, xoxa-, xoxr-, xoxe-, xoxs-, xapp-)",
    pattern: new RegExp(
      `${boundary}(?:xox[abeoprs]-[A-Za-z0-9-]{10,250}|xapp-\\d-[A-Za-z0-9-]{10,250})${endBoundary}`,
    ),
  },
  {
    name: "aws_access_key_id",
    description: "AWS access key ids (AKIA/ASIA followed by 16 upper-case letters or digits)",
    pattern: /(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])/,
  },
  {
    name: "aws_secret_access_key",
    description:
      "40-character AWS secret keys introduced by aws_secret_access_key / SecretAccessKey / secret key; only the value is redacted",
    pattern:
      /(?<![A-Za-z0-9])(?:aws[_ .-]?)?secret[_ .-]?(?:access[_ .-]?)?key(?:[_ .-]?id)?\\?["']?[ \t]*(?:=>|[:=])[ \t]*\\?["']?(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/i,
  },
  {
    name: "google_api_key",
    description: "Google API keys (AIza followed by 35 characters)",
    pattern: new RegExp(`${boundary}AIza[0-9A-Za-z_-]{35}${endBoundary}`),
  },
  {
    name: "npm_token",
    description: "npm access tokens (npm_ followed by 36 characters)",
    pattern: /(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9])/,
  },
  {
    name: "huggingface_token",
    description: "Hugging Face tokens (hf_ followed by 34 or more letters and digits)",
    pattern: /(?<![A-Za-z0-9_])hf_[A-Za-z0-9]{34,40}(?![A-Za-z0-9])/,
    accept: looksRandom,
  },
  ...serviceTokenRules,
  {
    name: "bearer_token",
    description:
      "tokens after Bearer (Authorization headers, curl -H, prose); only the token is redacted and it must mix letters and digits",
    pattern:
      /(?<![A-Za-z0-9_-])(?:Bearer|bearer|BEARER)[ \t]+(?<secret>[A-Za-z0-9._~+/-]{8,8192}=*)(?![A-Za-z0-9._~+/=-])/,
    accept: (_match, groups) => looksRandom(groups.secret ?? ""),
  },
  {
    name: "basic_auth",
    description:
      "HTTP Basic credentials (Authorization: Basic <base64 of user:password>); only the base64 is redacted and it must decode to user:password",
    pattern:
      /(?<![A-Za-z0-9_-])(?:Basic|basic|BASIC)[ \t]+(?<secret>[A-Za-z0-9+/]{8,2048}={0,2})(?![A-Za-z0-9+/=_-])/,
    accept: (_match, groups) => validBasicCredentials(groups.secret ?? ""),
  },
  {
    name: "oauth_token",
    description:
      "values of access_token, refresh_token, id_token, client_secret in URLs, JSON, forms and headers",
    pattern: new RegExp(
      `(?<![A-Za-z0-9_])${oauthKeySource}\\\\?["']?[ \\t]*[:=][ \\t]*\\\\?["']?(?<secret>[A-Za-z0-9._~+/%-]{8,4096}=*)`,
      "i",
    ),
  },
  {
    name: "credential_assignment",
    description:
      'values assigned to password, passwd, *_pwd, passphrase, api_key, secret, auth_token ... keys (KEY=value, "key": "value", key: value); only the value is redacted',
    pattern: new RegExp(
      `${credentialKeywords}(?<=(?:(?<lead>(?:^|[\\r\\n])[ \\t]*(?:-[ \\t]+)?)|(?<![A-Za-z0-9_.-]))(?<key>${credentialKeySource}))(?<keyQuote>\\\\?["']?)[ \\t]*(?<separator>:=|=>|=(?!=)|:)[ \\t]*(?<open>\\\\?["']?)(?<secret>(?<=\\\\")[^"\\\\\\r\\n]{1,512}(?=\\\\")|(?<=")(?:[^"\\\\\\r\\n]|\\\\.){1,512}(?=")|(?<=')[^'\\r\\n]{1,512}(?=')|(?<!["'])(?:[^\\s"'&;,<>]|&(?![A-Za-z0-9_.-]+=)){1,512})`,
      "i",
    ),
    accept: (_match, groups) => acceptCredentialValue(groups),
  },
  bareAwsSecretRule,
  ...personalDataRules,
  {
    name: "email",
    description:
      "email addresses (not git@host SSH remotes, not image@2x.png-style file names, not @decorators or npm specifiers)",
    pattern:
      /(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![A-Za-z0-9-])/,
    // The costliest rule on text without secrets; it cannot match without an "@".
    hints: ["@"],
    accept: (match) => {
      const at = match.lastIndexOf("@");
      const topLevel = match.slice(match.lastIndexOf(".") + 1).toLowerCase();
      return match.slice(0, at) !== "git" && !fileExtensions.has(topLevel);
    },
  },
  {
    name: "ip_address",
    description:
      "IPv4 (each octet 0-255, not versions like 1.2.3 or product tokens like Chrome/120.0.0.0) and IPv6 full or compressed; loopback and unspecified addresses are kept",
    // IPv6 is matched loosely (hex groups and colons) and checked strictly in accept: far faster.
    pattern: new RegExp(
      `(?<![0-9A-Za-z.:])(?<![A-Za-z]/)(?:${ipv4}(?![0-9A-Za-z]|\\.\\d)|(?:[0-9A-Fa-f]{1,4})?(?::[0-9A-Fa-f]{0,4}){2,7}(?:\\.\\d{1,3}){0,3}(?![0-9A-Za-z:]))`,
    ),
    accept: (match) =>
      !isLoopbackOrUnspecified(match) &&
      (!match.includes(":") || (strictIpv6.test(match) && /\d/.test(match))),
  },
  {
    name: "base64_blob",
    description:
      "base64 or base64url runs of 200+ characters (embedded images, keys, archives); not hex digests, identifiers or paths",
    pattern: /(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/_-]{200,}={0,2}(?![A-Za-z0-9+/=_-])/,
    accept: acceptBase64,
  },
];

function acceptCredentialValue(groups: Readonly<Record<string, string | undefined>>): boolean {
  const value = groups.secret ?? "";
  if (placeholderValue.test(value)) return false;
  if (groups.open !== "") return true;
  // An unquoted value with parentheses is code (a call), never a literal shell or env secret.
  if (value.includes("(") || typeNames.has(value.toLowerCase())) return false;
  const proseColon =
    groups.separator === ":" && groups.keyQuote === "" && groups.lead === undefined;
  // "Forgot your password: click here" is prose; a real inline secret has a digit or symbol.
  return !proseColon || /[^A-Za-z]/.test(value);
}

/** One pass over the run: blobs mix upper, lower and digits; hex digests use no upper case. */
function acceptBase64(match: string): boolean {
  let upper = 0;
  let lower = 0;
  let digits = 0;
  let symbols = 0;
  for (let index = 0; index < match.length; index += 1) {
    const code = match.charCodeAt(index);
    if (code >= 65 && code <= 90) upper += 1;
    else if (code >= 97 && code <= 122) lower += 1;
    else if (code >= 48 && code <= 57) digits += 1;
    else if (code !== 61) symbols += 1;
  }
  // Random base64 has ~3% symbols; snake_case identifiers and paths have far more.
  return upper > 0 && lower > 0 && digits > 0 && symbols / match.length <= 0.08;
}
