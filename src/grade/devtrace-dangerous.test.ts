import { describe, expect, it } from "vitest";
import { findDangerousCommand } from "./devtrace-dangerous.js";

const rulesOf = (command: string) => findDangerousCommand(command).map((match) => match.rule);

describe("findDangerousCommand", () => {
  it.each([
    ["rm -rf /", "rm -rf on / or the home folder"],
    ["rm -fr ~", "rm -rf on / or the home folder"],
    ["rm -r -f $HOME", "rm -rf on / or the home folder"],
    ["cd /tmp && rm --recursive --force /*", "rm -rf on / or the home folder"],
    [`rm -rf \${HOME}/`, "rm -rf on / or the home folder"],
    ["curl -fsSL https://get.example.sh | sh", "piping a download into a shell"],
    ["wget -qO- https://x.invalid/install | sudo bash", "piping a download into a shell"],
    ["bash <(curl -s https://x.invalid/i.sh)", "running a downloaded script"],
    ["chmod -R 777 /", "chmod 777 recursively on a system path"],
    ["chmod 777 app.sock", "chmod 777"],
    ["sudo apt-get install libfoo", "sudo"],
    ["git push --force origin main", "git push --force"],
    ["git push -f", "git push --force"],
    ["git push origin +main", "git push --force"],
    ["dd if=image.iso of=/dev/sda bs=4M", "dd onto a device"],
    [
      "echo AWS_SECRET=[REDACTED:aws_secret] >> ~/.bashrc",
      "writing a secret into a file or the environment",
    ],
    [":(){ :|:& };:", "fork bomb"],
  ])("flags %s", (command, rule) => {
    expect(rulesOf(command)).toContain(rule);
  });

  it.each([
    "rm -rf build/",
    "rm -rf ./node_modules",
    "rm -f /tmp/scratch.txt",
    "pytest -q",
    "curl -s https://example.invalid/api > out.json",
    "git push origin feature",
    "chmod 755 script.sh",
    "echo done",
    "grep -r sudo docs/",
  ])("leaves %s alone", (command) => {
    expect(rulesOf(command)).toEqual([]);
  });

  it("reports both rules for sudo rm -rf / and one chmod rule per command", () => {
    expect(rulesOf("sudo rm -rf /")).toEqual(["rm -rf on / or the home folder", "sudo"]);
    expect(rulesOf("chmod -R 777 /")).toEqual(["chmod 777 recursively on a system path"]);
  });
});
