import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The secrets the privacy tests plant in every input kind. The redaction corpus
 * `test/fixtures/privacy/planted.jsonl` (one `{"kind", "value", "secret"?}` per line) is used
 * when present; `secret` names the part that must never appear (for keyword-introduced secrets,
 * where the key name stays readable), else the whole value. Without the corpus, a list of the
 * kinds the built-in detectors have long known.
 */
export interface PlantedSecret {
  kind: string;
  /** The text planted in the input. */
  value: string;
  /** What must not appear in any output: `value` unless the corpus says otherwise. */
  secret: string;
}

export const plantedCorpusPath = fileURLToPath(
  new URL("../../test/fixtures/privacy/planted.jsonl", import.meta.url),
);

const fallback: { kind: string; value: string; secret?: string }[] = [
  { kind: "email", value: "grace.hopper@navy-example.org" },
  { kind: "email", value: "j.doe+billing@example.co.uk" },
  { kind: "openai_key", value: "sk-proj-Q8xV2mN4pL7rT1wZ9yB3cD5fG6hJ0kLa" },
  { kind: "anthropic_key", value: "sk-ant-api03-Zx9Wv8Ut7Sr6Qp5On4Ml3Kj2Ih1Gf0EdCbA" },
  { kind: "github_token", value: "ghp_4f7Hk2Lm9Np3Qr8St1Uv6Wx0Yz5Ab2Cd7Ef9G" },
  { kind: "stripe_key", value: "sk_live_51Hx8Kq2Lm4Np6Rt8Vw0Yz2" },
  { kind: "slack_token", value: "xoxb-2048-4096-Ab3Cd5Ef7Gh9Ij" },
  { kind: "aws_access_key_id", value: "AKIAQ3EXAMPLE7KEYN4X" },
  {
    kind: "aws_secret_access_key",
    value: "aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKY",
    secret: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKY",
  },
  { kind: "google_api_key", value: "AIzaSyB3x7Kq9Lm2Np4Rt6Vw8Yz0Ab1Cd3Ef5Gh" },
  { kind: "npm_token", value: "npm_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8" },
  { kind: "huggingface_token", value: "hf_Ab12Cd34Ef56Gh78Ij90Kl12Mn34Op56Qr" },
  {
    kind: "jwt",
    value:
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEiLCJyb2xlIjoiYWRtaW4ifQ.c2lnbmF0dXJlLWV4YW1wbGUtMTIz",
  },
  {
    kind: "credential_assignment",
    value: "DB_PASSWORD=Tr1cky-Pa55word!",
    secret: "Tr1cky-Pa55word!",
  },
  { kind: "ip_address", value: "203.0.113.47" },
];

/** The corpus when the repository has one, else the fallback list. */
export async function plantedSecrets(): Promise<PlantedSecret[]> {
  let text: string | undefined;
  try {
    text = await readFile(plantedCorpusPath, "utf8");
  } catch {
    text = undefined;
  }
  if (text === undefined) {
    return fallback.map((entry) => ({ ...entry, secret: entry.secret ?? entry.value }));
  }
  return (
    text
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map(
        (line) =>
          JSON.parse(line) as {
            kind: string;
            rule?: string;
            value: string;
            text?: string;
            secret?: string;
          },
      )
      // The corpus plants `text` (the value in the context its detector needs, e.g. a
      // keyword before a passport number) and `value` must vanish. One-line texts only: a
      // newline planted as keystrokes becomes a Return key, splitting the value in two.
      .filter((entry) => !(entry.text ?? entry.value).includes("\n"))
      .map((entry) => ({
        // The rule that must find it: its name is what quarantine reasons and receipts show.
        kind: entry.rule ?? entry.kind,
        value: entry.text ?? entry.value,
        secret: entry.secret ?? entry.value,
      }))
  );
}

/** Every file under `dir` (recursively), for searching outputs, logs and run folders. */
export async function everyFile(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/**
 * Where a secret appears in a file's text, raw or as JSON would escape it; one line per
 * finding naming the kind (the value itself is test data, safe to print).
 */
export async function findPlanted(
  files: readonly string[],
  secrets: readonly PlantedSecret[],
): Promise<string[]> {
  const found: string[] = [];
  for (const file of files) {
    const text = await readFile(file, "utf8");
    for (const secret of secrets) {
      const escaped = JSON.stringify(secret.secret).slice(1, -1);
      if (text.includes(secret.secret) || text.includes(escaped))
        found.push(`${file}: ${secret.kind} ${secret.secret}`);
    }
  }
  return found;
}
