import { describe, expect, it } from "vitest";
import { embedLength } from "discord.js";
import {
  renderAnswer,
  renderArticles,
  renderIndexReport,
  renderQuotes,
  renderSearch,
  renderStatus,
  indexFooter,
} from "../../../src/bot/render.js";
import { LIMITS } from "../../../src/bot/limits.js";
import { fitAnswerText, truncate } from "../../../src/bot/text.js";
import type { Answer, ArticleMeta, IndexReport, SearchHit } from "../../../src/rag/index.js";

const long = (n: number, word = "word") => Array.from({ length: n }, (_, i) => `${word}${i}`).join(" ");

function hugeAnswer(): Answer {
  const citations = Array.from({ length: 40 }, (_, i) => ({
    n: i + 1,
    articleId: `a${i}`,
    title: `A very long title ${long(80)}`,
    author: long(30, "author"),
    source: long(30, "outlet"),
    date: "2023-07-30",
    url: `https://example.com/${"x".repeat(500)}/${i}`,
    quote: `${long(400)}.`,
  }));
  const answer = Array.from(
    { length: 200 },
    (_, i) => `Sentence ${i} says something rather long about the matter at hand. [${(i % 40) + 1}]`,
  ).join(" ");
  return {
    question: `Q ${long(200)}?`,
    answer,
    refused: false,
    citations,
    related: [],
    disagreement: false,
    answerer: "extractive",
    timings: { retrieveMs: 1, answerMs: 1 },
  };
}

/** Every limit of Discord's that a message can break. */
function expectWithinLimits(rendered: ReturnType<typeof renderAnswer>) {
  expect(rendered.embeds.length).toBeLessThanOrEqual(LIMITS.embedsPerMessage);
  for (const e of rendered.embeds) {
    expect(e.title?.length ?? 0).toBeLessThanOrEqual(LIMITS.embedTitle);
    expect(e.description?.length ?? 0).toBeLessThanOrEqual(LIMITS.embedDescription);
    expect(e.footer?.text.length ?? 0).toBeLessThanOrEqual(LIMITS.embedFooter);
    expect(e.fields?.length ?? 0).toBeLessThanOrEqual(LIMITS.embedFields);
    for (const f of e.fields ?? []) {
      expect(f.name.length).toBeLessThanOrEqual(LIMITS.embedFieldName);
      expect(f.value.length).toBeLessThanOrEqual(LIMITS.embedFieldValue);
    }
    expect(embedLength(e)).toBeLessThanOrEqual(LIMITS.embedTotal);
  }
  expect(rendered.components.length).toBeLessThanOrEqual(LIMITS.actionRows);
  for (const row of rendered.components) {
    expect(row.components.length).toBeLessThanOrEqual(LIMITS.buttonsPerRow);
    for (const b of row.components) {
      if ("custom_id" in b) expect(b.custom_id.length).toBeLessThanOrEqual(LIMITS.customId);
      expect((b as { label?: string }).label?.length ?? 0).toBeLessThanOrEqual(LIMITS.buttonLabel);
    }
  }
}

/** A report of a small full build, for the tests to vary. */
const indexReport = (): IndexReport => ({
  added: [],
  changed: [],
  removed: [],
  unchanged: 0,
  recomputed: 0,
  skipped: [],
  duplicates: [],
  articles: 1,
  passages: 1,
  embedded: 1,
  embedSeconds: 1,
  full: true,
  rebuilt: true,
  seconds: 1,
  passagesPerSecond: 1,
  embedder: "x",
  builtAt: "",
});

describe("rendering within Discord's limits", () => {
  it("GIVEN an answer longer than every limit THEN it fits, cut at a sentence with its marker, with the sources kept", () => {
    const rendered = renderAnswer(hugeAnswer(), { key: "k".repeat(120), footer: long(600) });
    expectWithinLimits(rendered);
    const description = rendered.embeds[0]!.description!;
    expect(description).toMatch(/\[\d+\] …\n\n\*\*Sources\*\*\n\*\*\[1\]\*\*/);
    expect(description).toMatch(/and \d+ more \(see Quotes\)/);
  });

  it("GIVEN huge quotes THEN the Quotes view fits", () => {
    expectWithinLimits(renderQuotes(hugeAnswer()));
  });

  it("GIVEN huge search hits and article lists and reports THEN they fit", () => {
    const article: ArticleMeta = {
      id: "a",
      title: long(200),
      file: "a.md",
      source: long(50),
      date: "2023-01-01",
      url: `https://e.com/${"y".repeat(900)}`,
    };
    const hits: SearchHit[] = Array.from({ length: 30 }, (_, i) => ({
      rank: i + 1,
      score: 1,
      article,
      passage: { id: `a#${i}`, articleId: "a", title: article.title, text: long(500), start: 0, end: 1 },
    }));
    expectWithinLimits(renderSearch(long(300), hits, long(500)));
    expectWithinLimits(
      renderArticles(
        Array.from({ length: 95 }, () => article),
        3,
        long(500),
      ),
    );
    const report: IndexReport = {
      ...indexReport(),
      added: Array.from({ length: 500 }, (_, i) => `added-${i}`),
      skipped: Array.from({ length: 100 }, (_, i) => ({ file: `f${i}.md`, reason: long(40) })),
    };
    expectWithinLimits(
      renderIndexReport({ done: "Added", articles: Array.from({ length: 30 }, (_, i) => ({ id: `id-${i}`, title: long(100) })) }, report),
    );
  });

  it("GIVEN a report whose embedding stopped THEN it says why and what waits, differently when a newer reindex took it over", () => {
    const report = { ...indexReport(), added: ["a"], passages: 9, embedded: 2, full: false };
    const text = (r: IndexReport) => renderIndexReport({ done: "Reindex finished" }, r).embeds[0]!.description;
    expect(text({ ...report, embedding: { pending: 7, error: "server went away" } })).toContain(
      "Embedding stopped: server went away. 7 passages are found by their words only until the next reindex, which resumes it.",
    );
    const handed = text({ ...report, embedding: { pending: 7, error: "a newer reindex took the embedding over", handedOver: true } });
    expect(handed).toContain("A newer reindex took over the embedding: 7 passages are found by their words only until it is done.");
    expect(handed).not.toContain("Embedding stopped");
  });

  it("GIVEN the last page THEN Next is disabled and Previous goes back", () => {
    const articles = Array.from({ length: 25 }, (_, i) => ({ id: `a${i}`, title: `T${i}`, file: "x" }));
    const rendered = renderArticles(articles, 3, "");
    expect(rendered.embeds[0]!.title).toBe("Indexed articles (page 3 of 3)");
    expect(rendered.components[0]!.components.map((b) => [(b as { custom_id: string }).custom_id, b.disabled])).toEqual([
      ["articles:2", false],
      ["articles:4", true],
    ]);
  });
});

describe("text cutting", () => {
  it.each([
    ["Short.", 10, "Short."],
    ["One sentence here. Two sentence there. Three.", 30, "One sentence here.…"],
    ["nosentenceends but words do go on", 20, "nosentenceends but…"],
  ])("GIVEN %j cut to %i THEN %j", (text, max, expected) => {
    expect(truncate(text, max)).toBe(expected);
    expect(truncate(text, max).length).toBeLessThanOrEqual(max);
  });

  it("GIVEN an answer with markers THEN a cut never separates a sentence from its marker", () => {
    const text = "First claim. [1] Second claim, longer. [2] Third. [1]";
    expect(fitAnswerText(text, 40)).toBe("First claim. [1] …");
    expect(fitAnswerText(text, 45)).toBe("First claim. [1] Second claim, longer. [2] …");
  });
});

describe("the short answer and the article's date", () => {
  const answer: Answer = {
    question: "Which company sued over tariffs?",
    shortAnswer: "Blue *Harbor* Foods",
    answer: "As of 2 May 2019: Blue *Harbor* Foods sued the state over tariffs. [1]",
    refused: false,
    citations: [
      {
        n: 1,
        articleId: "a",
        title: "Retailer sues",
        source: "Business Daily",
        date: "2019-05-02",
        quote: "Blue *Harbor* Foods sued the state over tariffs.",
      },
    ],
    related: [],
    disagreement: false,
    answerer: "extractive",
    timings: { retrieveMs: 1, answerMs: 1 },
  };

  it("GIVEN an answer with a short fact THEN the reply leads with it in bold, escaped, then the evidence with its date", () => {
    const description = renderAnswer(answer, { key: "k", footer: "" }).embeds[0]!.description!;
    expect(description.split("\n")[0]).toBe("**Blue \\*Harbor\\* Foods**");
    expect(description.split("\n")[1]).toBe("As of 2 May 2019: Blue \\*Harbor\\* Foods sued the state over tariffs. [1]");
    expect(description).toMatch(/Business Daily · 2 May 2019/);
  });

  it("GIVEN a refusal THEN no short answer is shown", () => {
    const refused = { ...answer, refused: true, answer: "The articles do not cover this question.", citations: [] };
    expect(renderAnswer(refused, { key: "k", footer: "" }).embeds[0]!.description!.startsWith("**")).toBe(false);
  });
});

describe("conversations", () => {
  it("GIVEN turns THEN each user's last three in a channel are kept for fifteen minutes", async () => {
    const { Conversations } = await import("../../../src/bot/conversations.js");
    let now = 0;
    const c = new Conversations(() => now);
    for (const q of ["q1", "q2", "q3", "q4"]) c.add("ch", "u", { question: q, answer: `a ${q}` });
    c.add("ch", "other", { question: "theirs", answer: "x" });
    expect(c.history("ch", "u").map((t) => t.question)).toEqual(["q2", "q3", "q4"]);
    expect(c.history("elsewhere", "u")).toEqual([]);
    now = 15 * 60_000;
    expect(c.history("ch", "u")).toEqual([]);
  });
});

describe("renderStatus", () => {
  const stats = {
    articles: 1234,
    passages: 5000,
    embedded: 2500,
    embedder: "use-lite",
    dimension: 512,
    builtAt: "2026-11-24T10:00:00.000Z",
    store: "postgres" as const,
    storeLabel: "PostgreSQL (shared)",
  };

  it("GIVEN half the passages embedded THEN it says so, with the age in the largest unit and the store", () => {
    const fields = Object.fromEntries(
      renderStatus(stats, "openai:gpt-4o-mini", Date.parse("2026-11-26T10:30:00Z")).embeds[0]!.fields!.map((f) => [f.name, f.value]),
    );
    expect(fields).toMatchObject({
      Articles: "1,234",
      Embedded: "2,500 (50%)",
      "Index updated": "2 days ago (24 November 2026)",
      Store: "PostgreSQL (shared)",
      "Answers written by": "openai:gpt-4o-mini",
    });
  });

  it("GIVEN no index loaded yet THEN it says so instead of showing zeros", () => {
    expect(renderStatus(undefined, undefined).embeds[0]!.description).toMatch(/not loaded yet/);
  });
});

describe("indexFooter", () => {
  const stats = {
    articles: 3,
    passages: 10,
    embedded: 10,
    embedder: "use-lite",
    dimension: 512,
    builtAt: "2026-11-24T10:00:00Z",
    store: "local" as const,
    storeLabel: "local files",
  };
  it("GIVEN every passage embedded THEN the footer gives the size and the date only", () => {
    expect(indexFooter(stats)).toBe("3 articles · index updated 24 November 2026");
  });
  it("GIVEN embeddings still being made THEN the footer says how far along, and what it means for answers", () => {
    expect(indexFooter({ ...stats, embedded: 4 })).toMatch(/· embedding 40% done: newest articles matched by words only$/);
  });
});
