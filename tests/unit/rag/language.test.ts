import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { foreignLanguageOf } from "../../../src/rag/ask/language.js";

describe("questions not in English (language.ts)", () => {
  it.each([
    ["¿Quién es el alcalde de Arden?", "Spanish"],
    ["Qui est le maire d'Arden ?", "French"],
    ["Wer ist der Bürgermeister von Arden?", "German"],
    ["Chi è il sindaco di Arden?", "Italian"],
    ["Quem é o prefeito de Arden?", "Portuguese"],
    ["Wie is de burgemeester van Arden?", "Dutch"],
    ["アーデンの市長は誰ですか？", "Japanese"],
    ["Кто мэр Ардена?", "Russian"],
  ])("GIVEN %j THEN it is not English (%s)", (question, language) => {
    expect(foreignLanguageOf(question)).toBe(language);
  });

  it.each([
    // The detector alone reads some of these as another language: the English words say otherwise.
    "Who is Olaf Scholz?",
    "Who is the mayor of Arden?",
    "Did Dončić join the Lakers?",
    "What is the French resort town of Les Sables d’Olonne cracking down on?",
    "What did Макрон say about the budget?",
    "Olaf Scholz",
    "EPA fine Kessler",
    "What percentage of the vote did the AfD receive?",
  ])("GIVEN the English question %j THEN it is read", (question) => {
    expect(foreignLanguageOf(question)).toBeUndefined();
  });

  it("GIVEN keywords the articles use THEN they are read even where the detector calls them another language", () => {
    const corpusWords = new Set(["epa", "fine", "kessler", "chemicals", "amount"]);
    expect(foreignLanguageOf("Kessler Chemicals fine amount")).toBeDefined();
    expect(foreignLanguageOf("Kessler Chemicals fine amount", (w) => corpusWords.has(w))).toBeUndefined();
    expect(foreignLanguageOf("Qui est le maire d'Arden ?", (w) => corpusWords.has(w))).toBe("French");
  });

  it("GIVEN the bundled corpus's dev and holdout questions THEN every one is read as English", () => {
    const root = join(import.meta.dirname, "../../..");
    const questions = [
      "eval/dev-questions.jsonl",
      "eval/holdout-questions.jsonl",
      "eval/corpora/arden-questions.jsonl",
      "eval/corpora/league-questions.jsonl",
    ]
      .flatMap((f) => readFileSync(join(root, f), "utf8").trim().split("\n"))
      .map((l) => (JSON.parse(l) as { question: string }).question);
    expect(questions.filter((q) => foreignLanguageOf(q) !== undefined)).toEqual([]);
  });
});
