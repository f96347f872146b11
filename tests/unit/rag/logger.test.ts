import { describe, expect, it } from "vitest";
import { createLogger } from "../../../src/rag/index.js";

const TOKEN = "MTAwMDAwMDAwMDAwMDAwMDAx.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789";
const KEY = "sk-test-0123456789abcdefghij";

function capture(secrets: string[] = []) {
  const lines: string[] = [];
  const log = createLogger({ level: "debug", format: "json", stream: { write: (line: string) => lines.push(line) }, secrets });
  return { log, text: () => lines.join("") };
}

describe("the logger's redaction", () => {
  it.each([
    [
      "a provider error that echoes the key",
      (log: ReturnType<typeof capture>["log"]) => log.warn({ err: `Incorrect API key provided: ${KEY}` }, "llm failed"),
    ],
    ["the key in the message itself", (log: ReturnType<typeof capture>["log"]) => log.error(`request with key ${KEY} failed`)],
    ["an object with a token field", (log: ReturnType<typeof capture>["log"]) => log.info({ config: { token: TOKEN } }, "config")],
    [
      "an authorization header",
      (log: ReturnType<typeof capture>["log"]) => log.info({ request: { headers: { authorization: `Bot ${TOKEN}` } } }, "sent"),
    ],
  ])("GIVEN %s THEN the log line says [redacted] where the secret was", (_name, write) => {
    const { log, text } = capture([KEY, TOKEN]);
    write(log);
    expect(text()).not.toContain(KEY);
    expect(text()).not.toContain(TOKEN);
    expect(text()).toContain("[redacted]");
  });

  it("GIVEN a database password the process was told THEN it is redacted even in a shape no pattern knows", () => {
    const { log, text } = capture(["hunter2-database"]);
    log.warn({ err: 'password authentication failed: "hunter2-database"' }, "db");
    expect(text()).not.toContain("hunter2-database");
  });

  it("GIVEN an escape sequence from an article THEN it is written as visible text, not sent to the terminal", () => {
    const { log, text } = capture();
    log.info({ file: "a\u001b[2Jb.md" }, "skipped");
    expect(text()).not.toContain("\u001b");
    expect(text()).toContain("\\\\u001b");
  });
});
