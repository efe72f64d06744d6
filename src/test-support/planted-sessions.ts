import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  exampleDesktopSessionId,
  exampleSessionTexts,
  exampleWebSessionId,
} from "../pipelines/screen/example-sessions.js";
import type { PlantedSecret } from "./planted-secrets.js";

/**
 * The example screen sessions (`<data>/desktop/<id>/`, `<data>/web/`) with every planted secret
 * typed on the keyboard, shown in a window title, named in the meta.json quest, and said in web
 * messages and the web session's prompt.
 */
export async function writePlantedSessions(data: string, planted: PlantedSecret[]): Promise<void> {
  const texts = exampleSessionTexts();
  const startMs = Date.UTC(2026, 0, 1, 12, 0, 0);
  const desktopDir = join(data, "desktop", exampleDesktopSessionId);
  await mkdir(desktopDir, { recursive: true });
  const meta = JSON.parse(texts.desktop.files["meta.json"] as string);
  meta.duration_seconds = 30 + planted.length * 4;
  meta.quest.objectives.push(...planted.map((secret) => `Use ${secret.value} here`));
  meta.quest.content = `${meta.quest.content} Account: ${planted.map((s) => s.value).join(" ; ")}`;
  const lines = (texts.desktop.files["input_log.jsonl"] as string)
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as { time: number });
  planted.forEach((secret, index) => {
    const t = 30 + index * 4;
    const at = (seconds: number) => startMs + Math.round(seconds * 1000);
    // A window title that carries the secret (the app changes so a focus step is written).
    lines.push({
      time: at(t),
      event: "axtree_interaction",
      data: { focused_app: { name: `Mail ${index}` }, title: `Inbox - ${secret.value}` },
    } as never);
    [...secret.value].forEach((char, position) => {
      const time = at(t + 0.5 + position * 0.02);
      lines.push({ time, event: "keydown", data: { key: "Unknown", actual_char: char } } as never);
      lines.push({ time: time + 5, event: "keyup", data: { key: "Unknown" } } as never);
    });
  });
  lines.sort((a, b) => a.time - b.time);
  await writeFile(join(desktopDir, "meta.json"), JSON.stringify(meta));
  await writeFile(
    join(desktopDir, "input_log.jsonl"),
    `${lines.map((line) => JSON.stringify(line)).join("\n")}\n`,
  );

  const webDir = join(data, "web");
  await mkdir(webDir, { recursive: true });
  const eventsName = `${exampleWebSessionId}.events.json`;
  const events = JSON.parse(texts.web.files[eventsName] as string);
  const template = events.events[1];
  planted.forEach((secret, index) => {
    for (const type of ["hint", "reasoning", "quest"])
      events.events.push({
        ...template,
        type,
        message: `${type} ${index}: ${secret.value}`,
        timestamp: startMs + 15_000 + index * 10,
      });
  });
  const race = JSON.parse(texts.web.files["viralmind.race_sessions.json"] as string);
  race[0].prompt = `${race[0].prompt} for ${planted.map((secret) => secret.value).join(" and ")}`;
  for (const [name, text] of Object.entries(texts.web.files)) {
    const replaced =
      name === eventsName
        ? JSON.stringify(events)
        : name === "viralmind.race_sessions.json"
          ? JSON.stringify(race)
          : text;
    await writeFile(join(webDir, name), replaced);
  }
}
