/**
 * Redaction corpus: secrets and PII with real shapes but fabricated values, inside realistic text
 * (log lines, JSON, shell, env files, stack traces), and look-alikes that must survive untouched.
 * Values are generated from a fixed seed at load time, so this file holds no literal token that a
 * secret scanner would flag, and every run sees the same strings.
 */
export interface SecretSample {
  rule: string;
  /** The exact text that must disappear (for partial rules: only the value, not its key). */
  secret: string;
  text: string;
}

export interface LookAlike {
  label: string;
  text: string;
}

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

const random = seededRandom(20240611);
const upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const lower = "abcdefghijklmnopqrstuvwxyz";
const digits = "0123456789";
const alphanumeric = upper + lower + digits;
const base64Alphabet = `${alphanumeric}+/`;
const urlSafe = `${alphanumeric}-_`;

/** Random characters from an alphabet, ending with one of its digits and letters (like real tokens). */
function chars(length: number, alphabet = alphanumeric): string {
  let value = "";
  for (let index = 0; index < length; index += 1) {
    value += alphabet[Math.floor(random() * alphabet.length)];
  }
  const digit = /\d/.exec(alphabet)?.[0] ?? "";
  const letter = /[A-Za-z]/.exec(alphabet)?.[0] ?? "";
  return value.slice(0, length - digit.length - letter.length) + digit + letter;
}

function base64Bytes(count: number): string {
  const bytes = Uint8Array.from({ length: count }, () => Math.floor(random() * 256));
  return Buffer.from(bytes).toString("base64");
}

function pemBody(lines: number): string {
  const body = base64Bytes(lines * 48);
  return (body.match(/.{1,64}/g) ?? []).join("\n");
}

const join = (...parts: string[]) => parts.join("");
const openaiKey = join("sk", "-", chars(48));
const projectKey = join("sk", "-proj-", chars(74, urlSafe), "T3Blbk", "FJ", chars(74, urlSafe));
const serviceKey = join("sk", "-svcacct-", chars(64, urlSafe));
const anthropicKey = join("sk", "-ant-api03-", chars(93, urlSafe), "AA");
const anthropicAdmin = join("sk", "-ant-admin01-", chars(60, urlSafe));
const awsKeyId = join("AK", "IA", chars(16, upper + digits));
const awsSessionKeyId = join("AS", "IA", chars(16, upper + digits));
const awsSecret = chars(40, base64Alphabet);
const awsSecretTwo = chars(40, base64Alphabet);
const googleKey = join("AI", "za", chars(35, urlSafe));
const googleKeyTwo = join("AI", "za", chars(35, urlSafe));
const githubClassic = join("gh", "p_", chars(36));
const githubFine = join("github", "_pat_", chars(22), "_", chars(59));
const githubApp = join("gh", "s_", chars(36));
const stripeSecret = join("sk", "_live_", chars(99));
const stripeRestricted = join("rk", "_live_", chars(24));
const stripePublishable = join("pk", "_test_", chars(24));
const stripeWebhook = join("wh", "sec_", chars(32));
const slackBot = join("xo", "xb-", chars(12, digits), "-", chars(13, digits), "-", chars(24));
const slackApp = join("xa", "pp-1-", chars(11, upper + digits), "-", chars(13, digits), "-", chars(64, lower + digits));
const slackHookPath = join("T0", chars(8, upper + digits), "/B0", chars(8, upper + digits), "/", chars(24));
const jwtOf = () =>
  join("ey", "JhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.", "ey", "J", chars(60, urlSafe), ".", chars(43, urlSafe));
const npmToken = join("np", "m_", chars(36));
const npmTokenTwo = join("np", "m_", chars(36));
const hfToken = join("h", "f_", chars(34));
const hfTokenTwo = join("h", "f_", chars(34));
const opaque = () => chars(32, `${alphanumeric}-._~`);
const pem = (label: string, lines: number) =>
  join("-----BEGIN ", label, "-----\n", pemBody(lines), "\n-----END ", label, "-----");
const rsaKey = pem("RSA PRIVATE KEY", 12);
const opensshKey = pem("OPENSSH PRIVATE KEY", 7);
const pgpKey = join("-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n", pemBody(10), "\n=", chars(4), "\n-----END PGP PRIVATE KEY BLOCK-----");
const escapedEcKey = join("-----BEGIN PRIVATE KEY-----\\n", pemBody(4).replaceAll("\n", "\\n"), "\\n-----END PRIVATE KEY-----");
const imageBlob = base64Bytes(900);
const attachmentBlob = base64Bytes(300);

export const secretSamples: SecretSample[] = [
  { rule: "email", secret: "jane.doe@acme-corp.com", text: "2024-05-02T10:11:12Z INFO signup completed for jane.doe@acme-corp.com (plan=pro)" },
  { rule: "email", secret: "r.mueller+billing@example.co.uk", text: '{"customer":{"email":"r.mueller+billing@example.co.uk","country":"DE"}}' },
  { rule: "email", secret: "dev.person@users.noreply.github.com", text: "Author: Dev Person <dev.person@users.noreply.github.com>\nDate:   Tue May 7 09:12:44 2024 +0200" },
  { rule: "email", secret: "ops_team@internal.example.org", text: "id,name,contact\n17,Ops,ops_team@internal.example.org\n" },
  { rule: "openai_key", secret: openaiKey, text: `export OPENAI_API_KEY=${openaiKey}\nnpm run dev` },
  { rule: "openai_key", secret: projectKey, text: `client = OpenAI(api_key="${projectKey}")` },
  { rule: "openai_key", secret: serviceKey, text: `openai.AuthenticationError: Error code: 401 - Incorrect API key provided: ${serviceKey}.` },
  { rule: "anthropic_key", secret: anthropicKey, text: `curl https://api.anthropic.com/v1/messages -H "x-api-key: ${anthropicKey}" -H "content-type: application/json"` },
  { rule: "anthropic_key", secret: anthropicAdmin, text: `# .env.local\nANTHROPIC_ADMIN_KEY=${anthropicAdmin}\nLOG_LEVEL=debug` },
  { rule: "aws_access_key_id", secret: awsKeyId, text: `[default]\naws_access_key_id = ${awsKeyId}\nregion = eu-west-1` },
  { rule: "aws_access_key_id", secret: awsSessionKeyId, text: `botocore.exceptions.ClientError: An error occurred (InvalidClientTokenId) when calling GetCallerIdentity: key ${awsSessionKeyId} is not valid` },
  { rule: "aws_secret_access_key", secret: awsSecret, text: `[prod]\naws_secret_access_key = ${awsSecret}\noutput = json` },
  { rule: "aws_secret_access_key", secret: awsSecretTwo, text: `{"Credentials": {"SecretAccessKey": "${awsSecretTwo}", "Expiration": "2024-06-01T00:00:00Z"}}` },
  { rule: "google_api_key", secret: googleKey, text: `GET https://maps.googleapis.com/maps/api/geocode/json?address=Berlin&key=${googleKey} 200 OK` },
  { rule: "google_api_key", secret: googleKeyTwo, text: `const firebaseConfig = { apiKey: "${googleKeyTwo}", projectId: "demo-app" };` },
  { rule: "github_token", secret: githubClassic, text: `git remote set-url origin https://${githubClassic}@github.com/acme/widgets.git` },
  { rule: "github_token", secret: githubFine, text: `GITHUB_TOKEN=${githubFine} gh pr list --repo acme/widgets` },
  { rule: "github_token", secret: githubApp, text: `Run actions/checkout@v4\n  token: ${githubApp}\n  fetch-depth: 1` },
  { rule: "stripe_key", secret: stripeSecret, text: `const stripe = require("stripe")("${stripeSecret}");` },
  { rule: "stripe_key", secret: stripeRestricted, text: `STRIPE_RESTRICTED=${stripeRestricted} node scripts/refund.js --charge ch_3` },
  { rule: "stripe_key", secret: stripePublishable, text: `<script>const stripe = Stripe('${stripePublishable}');</script>` },
  { rule: "stripe_key", secret: stripeWebhook, text: `endpointSecret: ${stripeWebhook} (rotated 2024-04-01)` },
  { rule: "slack_token", secret: slackBot, text: `SLACK_BOT=${slackBot}\nSLACK_CHANNEL=#deploys` },
  { rule: "slack_token", secret: slackApp, text: `[bolt] socket mode connecting with app token ${slackApp}` },
  { rule: "slack_webhook", secret: slackHookPath, text: `curl -X POST -d '{"text":"deploy done"}' https://hooks.slack.com/services/${slackHookPath}` },
  { rule: "slack_webhook", secret: `B1${slackHookPath}`, text: `webhook_url: https://hooks.slack.com/workflows/B1${slackHookPath}\nchannel: alerts` },
  ...(() => {
    const header = opaque();
    const curl = opaque();
    const python = opaque();
    return [
      { rule: "bearer_token", secret: header, text: `GET /v2/orders HTTP/1.1\nHost: api.example.com\nAuthorization: Bearer ${header}\nAccept: */*` },
      { rule: "bearer_token", secret: curl, text: `curl -sS -H 'Authorization: Bearer ${curl}' https://api.example.com/v1/me` },
      { rule: "bearer_token", secret: python, text: `requests.get(url, headers={"Authorization": "Bearer ${python}"})` },
    ];
  })(),
  ...(() => {
    const cookie = jwtOf();
    const idToken = jwtOf();
    const header = jwtOf();
    return [
      { rule: "jwt", secret: cookie, text: `Set-Cookie: session=${cookie}; Path=/; HttpOnly; Secure` },
      { rule: "jwt", secret: idToken, text: `{"id_token": "${idToken}", "token_type": "Bearer", "expires_in": 3600}` },
      { rule: "jwt", secret: header, text: `Authorization: Bearer ${header}` },
    ];
  })(),
  ...(() => {
    const fragment = `ya29.${chars(60, urlSafe)}`;
    const refresh = `1//${chars(40, urlSafe)}`;
    const client = `GOCSPX-${chars(28, urlSafe)}`;
    return [
      { rule: "oauth_token", secret: fragment, text: `Redirected to https://app.example.com/callback#access_token=${fragment}&token_type=bearer&expires_in=3599` },
      { rule: "oauth_token", secret: refresh, text: `{"refresh_token": "${refresh}", "scope": "openid email"}` },
      { rule: "oauth_token", secret: client, text: `POST /token grant_type=authorization_code&code=abc&client_secret=${client}&redirect_uri=https%3A%2F%2Fapp` },
    ];
  })(),
  { rule: "private_key", secret: rsaKey, text: `$ cat ~/.ssh/deploy_rsa\n${rsaKey}\n$ chmod 600 ~/.ssh/deploy_rsa` },
  { rule: "private_key", secret: opensshKey, text: `Key file contents:\n${opensshKey}\n` },
  { rule: "private_key", secret: escapedEcKey, text: `{"type": "service_account", "private_key": "${escapedEcKey}\\n", "client_email": "svc"}` },
  { rule: "private_key", secret: pgpKey, text: `gpg --export-secret-keys --armor\n${pgpKey}\ndone` },
  { rule: "database_url", secret: "app_user:S3cr3t-pass", text: "DATABASE_URL=postgres://app_user:S3cr3t-pass@db.prod.internal:5432/orders?sslmode=require" },
  { rule: "database_url", secret: "reporting:Xy9!z", text: "psql postgresql://reporting:Xy9!z@analytics.example.com/warehouse -c 'select 1'" },
  { rule: "database_url", secret: "root:hunter2", text: "Error: connect ECONNREFUSED mysql://root:hunter2@mysql.local:3306/shop\n    at TCPConnectWrap.afterConnect" },
  { rule: "database_url", secret: "admin:p%40ssw0rd", text: '{"mongo":"mongodb+srv://admin:p%40ssw0rd@cluster0.ab1cd.mongodb.net/app?retryWrites=true"}' },
  { rule: "database_url", secret: ":redispass99", text: "REDIS_URL=rediss://:redispass99@cache.example.com:6380/0" },
  { rule: "database_url", secret: "guest:guest123", text: "amqps://guest:guest123@rabbit.example.com/vhost connection lost, retrying in 5s" },
  { rule: "database_url", secret: "sa:Str0ng_Pwd", text: "mssql://sa:Str0ng_Pwd@sqlserver.example.com:1433/master" },
  { rule: "ip_address", secret: "203.0.113.54", text: '203.0.113.54 - - [10/Oct/2024:13:55:36 +0000] "GET /index.html HTTP/1.1" 200 2326' },
  { rule: "ip_address", secret: "2001:0db8:85a3:0000:0000:8a2e:0370:7334", text: "client connected from 2001:0db8:85a3:0000:0000:8a2e:0370:7334 port 51234" },
  { rule: "ip_address", secret: "fe80::1ff:fe23:4567:890a", text: '{"peer":"fe80::1ff:fe23:4567:890a","latencyMs":12}' },
  { rule: "ip_address", secret: "1.2.3.4", text: "ssh deploy@host failed, falling back to 1.2.3.4" },
  { rule: "base64_blob", secret: imageBlob, text: `<img alt="chart" src="data:image/png;base64,${imageBlob}">` },
  { rule: "base64_blob", secret: attachmentBlob, text: `{"attachment":{"name":"report.pdf","content":"${attachmentBlob}"}}` },
  { rule: "npm_token", secret: npmToken, text: `//registry.npmjs.org/:_authToken=${npmToken}\nalways-auth=true` },
  { rule: "npm_token", secret: npmTokenTwo, text: `npm ERR! 403 Forbidden - token ${npmTokenTwo} lacks publish rights` },
  { rule: "huggingface_token", secret: hfToken, text: `huggingface-cli login --token ${hfToken}` },
  { rule: "huggingface_token", secret: hfTokenTwo, text: `HF_TOKEN=${hfTokenTwo} python train.py --model gpt2` },
  { rule: "credential_assignment", secret: "hunter2!", text: "DB_PASSWORD=hunter2! docker compose up -d" },
  { rule: "credential_assignment", secret: "c0rrect horse", text: '{"username": "alice", "password": "c0rrect horse", "remember": true}' },
  { rule: "credential_assignment", secret: "example-pass", text: "services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: example-pass\n" },
  { rule: "credential_assignment", secret: "k3y-1234abcd", text: "GET /search?q=shoes&api_key=k3y-1234abcd&page=2" },
  { rule: "credential_assignment", secret: "Tr0ub4dor&3", text: "docker run -e 'MYSQL_ROOT_PASSWORD=Tr0ub4dor&3' mysql:8" },
  { rule: "credential_assignment", secret: "a1b2c3d4e5", text: 'curl -H "X-Api-Key: a1b2c3d4e5" https://internal.example.com/health' },
  { rule: "credential_assignment", secret: "my$ecretPhrase", text: "JWT_SECRET='my$ecretPhrase'\nPORT=8080" },
];

export const lookAlikes: LookAlike[] = [
  { label: "semantic versions", text: "Released v10.0.1 and 1.2.3 today; upgrade from 10.0.1-beta.2 (see 2.0.0-rc.1)" },
  { label: "sha256 digest", text: "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  archive.tar.gz" },
  { label: "sha1 digest", text: "sha1sum: da39a3ee5e6b4b0d3255bfef95601890afd80709" },
  { label: "git SHA", text: "commit 3f786850e387550fdab836ed7e6dc881de23001b (HEAD -> main)" },
  { label: "UUID", text: "request_id=550e8400-e29b-41d4-a716-446655440000 trace=4bf92f3577b34da6a3ce929d0e0e4736" },
  { label: "four digests in a row", text: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855".repeat(4) },
  { label: "sk- inside words", text: "risk-management review, desk-lamp order, ask-me-anything thread, whisk-2024-summer-edition-catalogue" },
  { label: "sk_ inside identifiers", text: "task_test_helpers and disk_live_snapshot_20240101_primary are module names" },
  { label: "bearer in prose", text: "The bearer of this letter is authorised to collect the parcel. Bearer authentication is defined in RFC 6750." },
  { label: "Bearer placeholder", text: 'curl -H "Authorization: Bearer $TOKEN" https://api.example.com' },
  { label: "URLs without credentials", text: "postgres://localhost:5432/db mongodb://db.internal:27017/app redis://cache:6379/0 https://example.com/a?b=c" },
  { label: "user with no password", text: "psql -h db.example.com -U readonly analytics; mysql://readonly@db-host/shop" },
  { label: "at-signs that are not emails", text: "user@ then @decorator, @types/node, lodash@4.17.21, npm i react@latest" },
  { label: "retina asset and ssh remote", text: "logo@2x.png and git@github.com:acme/widgets.git" },
  { label: "short base64", text: "Basic dGhpcyBpcyBhIHNob3J0IGJhc2U2NCBzdHJpbmc= is under the threshold" },
  { label: "CSS colours", text: "color: #1e90ff; background: rgba(255, 255, 255, 0.5); border-color: #ABCDEF;" },
  { label: "dates and times", text: "2024-01-15T12:30:45.123Z 15.01.2024 12:30:45 Tue, 15 Jan 2024 12:30:45 GMT" },
  { label: "ports and loopback", text: "listening on 127.0.0.1:3000 and 0.0.0.0:8080, localhost:5173, ::1 port 9229" },
  { label: "plain numbers", text: "Order 1234567890 shipped; total 1,234.56 EUR; pi is 3.14159; 10.5 mg twice daily" },
  { label: "password in prose", text: "Forgot your password? Reset it here. Password: click the link we emailed you." },
  { label: "password in code", text: "const password = readPassword(); if (password == null) throw new Error()" },
  { label: "password type annotation", text: "interface Login {\n  password: string;\n}" },
  { label: "password file and hash keys", text: "DB_PASSWORD_FILE=/run/secrets/db password_hash=$2b$12$abc" },
  { label: "env dump PWD", text: "PWD=/home/dev/project OLDPWD=/home/dev SHELL=/bin/bash" },
  { label: "token counts", text: "max_tokens=1024 total_tokens: 2048 token_type=bearer&expires_in=3600" },
  { label: "oauth placeholders", text: "access_token=$ACCESS_TOKEN and refresh_token={{ refresh }}" },
  { label: "user agent", text: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0.0.0 Safari/537.36" },
  { label: "namespaces and MAC address", text: "std::vector<int> v; Vec::new(); ether 00:1a:2b:3c:4d:5e" },
  { label: "prefixes in identifiers", text: "hf_hub_download npm_config_cache xoxo-hugs AKIAPOLITAN eyJhbGciOi" },
  { label: "public key and certificate", text: `-----BEGIN PUBLIC KEY-----\n${pemBody(3)}\n-----END PUBLIC KEY-----` },
  { label: "long word without digits", text: "supercalifragilisticexpialidocious".repeat(8) },
  { label: "long snake identifier", text: "very_long_generated_identifier_0123_".repeat(7) },
];
