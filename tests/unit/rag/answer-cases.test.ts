import { beforeAll, describe, expect, it } from "vitest";
import { ANSWER_THRESHOLD, SHORT_THRESHOLD } from "../../../src/rag/answer/confidence.js";
import { SUPPORT_THRESHOLD } from "../../../src/rag/answer/support.js";
import { createRag, type Answer, type Rag } from "../../../src/rag/index.js";
import { article, makeTempDir, testConfig, writeFiles } from "../../support/corpus.js";
import { createFakeEmbedder } from "../../support/fake-embedder.js";

// A small newsroom archive written for these tests: each case of issue 11 in a few articles.
const RIVERTON = {
  "airspace.md": article(
    "Missile strike disrupts Gulf flights",
    "Flights were diverted across the Gulf on Monday. Officials closed the airspace over Doha for three hours after the missile strike. Airlines said schedules would recover by Tuesday.",
    "date: 2025-06-23\nsource: Gulf Wire\n",
  ),
  "library.md": article(
    "Council backs library plan",
    "The Riverton council met on Tuesday. The council approved a budget of $4.2 million for the new library, the mayor said. Construction starts in spring.",
    "date: 2025-03-04\nsource: Riverton Gazette\n",
  ),
  "tariffs-2019.md": article(
    "Acme sues state over water tariffs",
    "Acme Corp sued the state over its water tariffs, the company said in a statement. The case could take years.",
    "date: 2019-05-02\nsource: Business Daily\n",
  ),
  "tariffs-2025.md": article(
    "Retailer takes tariffs fight to court",
    "Blue Harbor Foods sued the Trump administration over tariffs on Tuesday, arguing the duties were unlawful. The retailer wants its money back.",
    "date: 2025-11-28\nsource: Business Daily\n",
  ),
  "mayor-2018.md": article(
    "Riverton swears in mayor",
    "Alan Brook was sworn in as the mayor of Riverton on Monday.",
    "date: 2018-01-08\nsource: Riverton Gazette\n",
  ),
  "mayor-2025.md": article(
    "New mayor for Riverton",
    "Dana Cole was sworn in as the mayor of Riverton on Monday after winning the election.",
    "date: 2025-01-06\nsource: Riverton Gazette\n",
  ),
  "coaster.md": article(
    "Thunder Run reopens",
    "The Thunder Run roller coaster reopened at the Riverton fair. The roller coaster is 62 meters tall and reaches 110 km/h.",
    "date: 2024-07-01\nsource: Riverton Gazette\n",
  ),
  "history.md": article(
    "Independence Day reading at the library",
    "Volunteers read the Declaration of Independence aloud. Thomas Jefferson wrote the Declaration of Independence in 1776, the librarian reminded the crowd.",
    "date: 2025-07-05\nauthor: Mia Park\nsource: Riverton Gazette\n",
  ),
  "boats.md": article(
    "Harbour festival draws crowds",
    "About 50 boats took part in the harbour festival parade on Saturday. The fireworks lasted twenty minutes.",
    "date: 2025-08-10\nsource: Riverton Gazette\n",
  ),
  "fishing.md": article(
    "Fishing fleet shrinks",
    "The fishing fleet has shrunk to 40 boats, the port authority said, after a decade of poor catches.",
    "date: 2025-08-12\nsource: Coast News\n",
  ),
  "marathon.md": article(
    "Riverton marathon results",
    "Tom Lind won the men's race in 2 hours 9 minutes, and he won it by a minute. Anna Berg won the women's race in 2 hours 24 minutes.",
    "date: 2025-04-14\nsource: Riverton Gazette\n",
  ),
  "council-vote.md": article(
    "Council votes on bridge",
    "Riverton's council voted 5-2 to approve the new bridge plan on Wednesday.",
    "date: 2025-09-03\nsource: Riverton Gazette\n",
  ),
  "open-final.md": article(
    "Riverton Open final",
    "Lena Okafor beat the top seed in three sets. On Sunday, Okafor won her second Riverton Open title, the club said.",
    "date: 2025-09-15\nsource: Riverton Gazette\n",
  ),
  "transfer-2022.md": article(
    "Pike joins City",
    "Star striker Alan Pike joined City in a blockbuster transfer deal, the club said.",
    "date: 2022-08-30\nsource: Riverton Gazette\n",
  ),
  "transfer-2025.md": article(
    "Torres moves to Harbor FC",
    "Harbor FC said striker Mia Torres joined the club on Friday in a transfer deal.",
    "date: 2025-11-28\nsource: Riverton Gazette\n",
  ),
  "app-charts.md": article(
    "Photo app tops the charts",
    "The U.S. app charts were led on Monday by Pixella, a photo-sharing app from a small studio, after a rival was banned in the U.S.",
    "date: 2025-11-25\nsource: Tech Desk\n",
  ),
  "aid.md": article(
    "London pledges more aid",
    "The British Foreign Secretary said Ukraine would receive more air defence systems before winter.",
    "date: 2025-10-01\nsource: World Desk\n",
  ),
  "detainees.md": article(
    "Detainees leave Larkspur Camp",
    "Eleven detainees held at Larkspur Camp were flown to Muscat, Oman, on Monday. Muscat officials welcomed the detainees flown from the camp.",
    "date: 2025-11-20\nsource: World Desk\n",
  ),
  "ferry.md": article(
    "Ferry sinks off Sorrento",
    "A ferry from Larkspur sank off Sorrento, Italy, on Friday. All passengers were rescued.",
    "date: 2025-11-22\nsource: World Desk\n",
  ),
  "floods.md": article(
    "Floods in Portugal",
    "Floods hit Portugal on Monday. In Portugal, the floods hit the city of Braga hardest, officials said.",
    "date: 2025-11-18\nsource: World Desk\n",
  ),
  "laser.md": article(
    "Laser aimed at Riverton flights",
    "Pilots of three flights into Riverton reported a laser aimed at their cockpits on Tuesday. The laser was green, the pilots said.",
    "date: 2025-11-26\nsource: Riverton Gazette\n",
  ),
  "stage-awards.md": article(
    "Stage awards night",
    "June Moss won best actress in a play for “The Ballad of Peter Hale” on Sunday. The Ballad of Peter Hale also won best revival.",
    "date: 2025-11-24\nsource: Riverton Gazette\n",
  ),
  "directors.md": article(
    "Directors honoured",
    "The Tony Award for best direction of a musical went to Ray Dunn on Friday, his first win.",
    "date: 2025-11-23\nsource: Riverton Gazette\n",
  ),
  "crane.md": article(
    "Pier 4 crane back in service",
    "The container crane at Pier 4 was repaired on Friday by the Dock Works crew, the port said. Shipping resumed on Saturday.",
    "date: 2025-11-28\nsource: Riverton Gazette\n",
  ),
  "crane-inspection.md": article(
    "Port inspections",
    "Engineers from Lift Masters inspected every crane at the port in 2023.",
    "date: 2023-05-02\nsource: Coast News\n",
  ),
  "siege.md": article(
    "Militia tightens its grip",
    "Militia fighters from the hills were accused by aid groups of killing dozens of villagers in the city of Orvik.",
    "date: 2025-11-20\nsource: World Desk\n",
  ),
  "fair.md": article(
    "Harvest Fair opens",
    "At the county fair, the largest in the state, an organiser said “Everyone comes for the pies” on Friday.",
    "date: 2025-09-05\nsource: Riverton Gazette\n",
  ),
  "egg-surcharge.md": article(
    "Egg prices bite",
    "A 50-cent surcharge now applies to Hobbit's egg dishes, the restaurant chain said on Monday. The chain told Hobbit's customers that bird flu had doubled egg prices.",
    "date: 2025-11-24\nsource: Business Daily\n",
  ),
  "summit.md": article(
    "Summit on the lagoon",
    "Venice's mayor welcomed the delegates to the summit on coastal flooding on Thursday. Venice's hotels were full for the week.",
    "date: 2025-11-21\nsource: World Desk\n",
  ),
  "points.md": article(
    "A league record",
    "On Tuesday, Lind became the first player in league history to score 50,000 career points. Harbor Hawks star Kai Lind has played for 20 seasons. His cousin Rob Lind coaches the team.",
    "date: 2025-11-26\nsource: Riverton Gazette\n",
  ),
  "forum.md": article(
    "Harbour forum",
    "Speakers at the harbour forum on Thursday included Ann Lee, Bo Ray, Cy Doe, Di Fox, Ed Kim, Flo Orr, Gus Poe, Hal Yu, Ida Roe and Jo Sun. Also speaking at the harbour forum were Kit Ames, Lu Bell, Mo Cobb, Ned Dunn, Oli Eads, Pam Ford, Quin Gale, Rob Hart, Sal Irby and Tam Judd. The harbour forum also heard from Uma Kerr, Val Lamb, Wes Mohr, Xia Nash, Yan Ortiz, Zed Pace, Abe Quill, Bea Rusk, Cal Sipe and Dee Tull.",
    "date: 2025-11-27\nsource: Riverton Gazette\n",
  ),
  "cells.md": article(
    "Battery lab reports progress",
    "The Riverton battery lab's new cells kept most of their capacity after 1,000 charge cycles. The team plans a larger trial.",
    "date: 2025-10-02\nsource: Riverton Gazette\n",
  ),
  "choir-2025.md": article(
    "Choir tour ends",
    "The Riverton youth choir sang in Ashford on Saturday, ending its autumn tour. The choir's next concert is in March.",
    "date: 2025-11-29\nsource: Riverton Gazette\n",
  ),
  "choir-2021.md": article(
    "Choir abroad",
    "In 2021 the Riverton youth choir sang in Dunmore at a festival of choirs.",
    "date: 2021-06-10\nsource: Riverton Gazette\n",
  ),
};

const AS_OF = "2025-12-01";

describe("answers on a news archive (issue 11's cases)", () => {
  let rag: Rag;
  // The short answer the answerer chose, whether or not it was confident enough to show it in bold.
  const candidate = (answer: Answer) => answer.trace?.short?.text;

  beforeAll(async () => {
    const dir = makeTempDir();
    writeFiles(dir, RIVERTON);
    rag = await createRag(testConfig(dir), { embedder: createFakeEmbedder() });
    await rag.ensureIndex();
  });

  it.each([
    ["Which city's airspace was closed after the missile strike?", "Doha"],
    ["How much did the council approve for the new library?", "$4.2 million"],
    ["Which company sued the Trump administration over tariffs?", "Blue Harbor Foods"],
    ["Who is the current mayor of Riverton?", "Dana Cole"],
    ["Who won the women's race?", "Anna Berg"],
    ["Who won the men's race?", "Tom Lind"],
    ["Which app led the charts in the US after a rival was banned?", "Pixella"],
    // A country, not the city the sentences name more often.
    ["To which country were the detainees held at Larkspur Camp flown?", "Oman"],
    // The country of "Sorrento, Italy", not the pair.
    ["Off the coast of which country did the ferry from Larkspur sink?", "Italy"],
    // A city, not the country the sentences name more often.
    ["Which city did the floods hit hardest?", "city of Braga"],
    // A name, not the villagers a sentence names beside the word "city".
    ["Which city did the militia fighters attack?", "city of Orvik"],
    // A colour word, which no tagger reads as a name.
    ["What color was the laser aimed at the Riverton flights?", "green"],
    // A person, not the name inside the quoted title of the play.
    ["Who won best actress in a play on Sunday?", "June Moss"],
    // A person, not the award the tagger reads as one ("Tony Award").
    ["Who got the prize for best direction of a musical?", "Ray Dunn"],
    // A name whose 's is its own (every mention carries it), from "Hobbit's egg dishes".
    ["Which restaurant chain added a surcharge to egg dishes?", "Hobbit's"],
    // A place named only in the possessive is still the place, not "Venice's".
    ["Which city hosted the summit on coastal flooding?", "Venice"],
    // A figure with the two words that say what it counts, not "1,000 charge".
    ["How many charge cycles did the battery lab's new cells last?", "1,000 charge cycles"],
  ])(
    "GIVEN %j THEN the short answer is %j, verbatim from the first cited sentence (in bold when confident)",
    async (question, expected) => {
      const answer = await rag.ask(question, { asOf: AS_OF, trace: true });
      expect(answer.refused).toBe(false);
      expect(candidate(answer)).toBe(expected);
      expect(answer.citations[0]!.quote).toContain(expected);
      // In bold only when confident (and when type and subject match: some of these are withheld for that).
      if (answer.trace!.confidence!.short! < SHORT_THRESHOLD) expect(answer.shortAnswer).toBeUndefined();
      if (answer.shortAnswer !== undefined) expect(answer.shortAnswer).toBe(expected);
    },
  );

  it("GIVEN an old article and a recent one THEN the answer as of each time uses the article of that time", async () => {
    expect((await rag.ask("Who is the mayor of Riverton?", { asOf: "2019-01-01" })).shortAnswer).toBe("Alan Brook");
    expect((await rag.ask("Who is the mayor of Riverton?", { asOf: AS_OF })).shortAnswer).toBe("Dana Cole");
  });

  it("GIVEN an article published after the question's time THEN it is not used", async () => {
    const answer = await rag.ask("Which company sued over tariffs?", { asOf: "2025-06-01" });
    expect(answer.citations.map((c) => c.articleId)).not.toContain("tariffs-2025");
  });

  it("GIVEN an answer from an article months older than the question THEN the answer names its date", async () => {
    const answer = await rag.ask("Which company sued the state over its water tariffs?", { asOf: AS_OF, trace: true });
    expect(answer.refused).toBe(false);
    expect(candidate(answer)).toBe("Acme Corp");
    expect(answer.answer).toMatch(/^As of 2 May 2019: /);
  });

  it.each([["How tall is the Riverton clock tower?"], ["What is the population of Riverton?"]])(
    "GIVEN %j, whose answer is nowhere in the archive, THEN it is refused",
    async (question) => {
      const answer = await rag.ask(question, { asOf: AS_OF });
      expect(answer.refused).toBe(true);
    },
  );

  it("GIVEN questions on both sides of the refusal threshold THEN exactly those below it are refused", async () => {
    // Chosen for probabilities near the thresholds: the passages' 0.12 and 0.22 (support 0.25),
    // then answers' confidences 0.26, 0.27, 0.64 and 0.79 (answer 0.75), and one far above: the
    // answer threshold moved above 0.79 or below 0.64, or a comparison turned round, fails here.
    const questions = [
      "What colour are the Riverton ferries?",
      "Why did the fishing fleet shrink?",
      "Who is the chief of the Riverton port authority?",
      "When does the library construction end?",
      "Who won the women's race of the Riverton marathon?",
      "Who won the women's marathon race?",
      "Which app led the charts?",
    ];
    const seen = { refused: 0, answered: 0 };
    for (const question of questions) {
      const answer = await rag.ask(question, { asOf: AS_OF, trace: true });
      const probability = answer.trace?.probability;
      expect(probability, question).toBeTypeOf("number");
      // Refused when the passages are unlikely to hold the answer, or held back when the answer is not confident.
      const heldBack = (answer.trace?.confidence?.answer ?? 1) < ANSWER_THRESHOLD;
      expect(answer.refused, `${question} (p = ${probability})`).toBe(probability! < SUPPORT_THRESHOLD || heldBack);
      seen[answer.refused ? "refused" : "answered"]++;
    }
    // Two below the refusal threshold; three more held back by their answers' confidence (issue 26).
    expect(seen).toEqual({ refused: 5, answered: 2 });
  });

  it("GIVEN 'Who wrote the Declaration of Independence?' THEN it is answered from the text, not from an article's byline", async () => {
    const answer = await rag.ask("Who wrote the Declaration of Independence?", { asOf: AS_OF });
    expect(answer.answerer).toBe("extractive");
    expect(answer.shortAnswer).toBe("Thomas Jefferson");
  });

  it("GIVEN a question about the article itself THEN it is answered from its metadata", async () => {
    const answer = await rag.ask("Who wrote the article about the Declaration of Independence reading?", { asOf: AS_OF });
    expect(answer.answerer).toBe("metadata");
    expect(answer.answer).toMatch(/Mia Park/);
  });

  it("GIVEN two figures about different things THEN the answer does not say the sources differ", async () => {
    const answer = await rag.ask("How many boats took part in the harbour festival parade?", { asOf: AS_OF });
    // The figure with the question's unit after it, as the sentence writes it.
    expect(answer.shortAnswer).toBe("50 boats");
    expect(answer.disagreement).toBe(false);
    expect(answer.answer).not.toMatch(/sources differ/);
  });

  it("GIVEN a question about this week THEN a name from this week's article beats an older one that matches more words", async () => {
    const answer = await rag.ask("Which striker joined a new club in a blockbuster transfer deal this week?", { asOf: AS_OF, trace: true });
    expect(candidate(answer)).toBe("Mia Torres");
  });

  it("GIVEN the same question without 'this week' THEN the better-matching older article is not overruled by date alone", async () => {
    const answer = await rag.ask("Which star striker joined City in a blockbuster transfer deal?", { asOf: AS_OF, trace: true });
    expect(candidate(answer)).toBe("Alan Pike");
  });

  it("GIVEN a candidate far behind the first in a sentence about the question THEN the answer quotes that sentence too", async () => {
    const answer = await rag.ask("In which town did the Riverton youth choir sing on Saturday?", { asOf: AS_OF });
    expect(answer.shortAnswer).toBe("Ashford");
    // Dunmore scores far below Ashford (an old article, without "Saturday"), yet its sentence is about the choir.
    expect(answer.citations.map((c) => c.articleId)).toEqual(["choir-2025", "choir-2021"]);
  });

  it("GIVEN a candidate far behind the first in a sentence about another story THEN the answer leaves it out (no padding)", async () => {
    const answer = await rag.ask("Which crew repaired the container crane at Pier 4 on Friday?", { asOf: AS_OF, trace: true });
    expect(candidate(answer)).toBe("Dock Works crew");
    // Lift Masters' sentence (every crane inspected in 2023) shares only "crane" with the question:
    // it is another story, and a further sentence must be about the question's subject (issue 26).
    expect(answer.citations.map((c) => c.articleId)).toEqual(["crane"]);
  });

  it("GIVEN a quoted remark in the sentence that answers THEN it is no short answer (quotes mark a title only when it is title-cased)", async () => {
    const answer = await rag.ask("Which fair is the largest in the state?", { asOf: AS_OF });
    expect(answer.citations[0]!.articleId).toBe("fair");
    expect(answer.shortAnswer).not.toBe("Everyone comes for the pies");
  });

  it("GIVEN many candidates with nothing to choose between them THEN no short answer is stated, and the sentence naming them answers", async () => {
    const answer = await rag.ask("Who spoke at the harbour forum?", { asOf: AS_OF, trace: true });
    expect(answer.refused).toBe(false);
    expect(answer.shortAnswer).toBeUndefined();
    expect(answer.answer).toMatch(/Speakers at the harbour forum on Thursday included Ann Lee, Bo Ray/);
    // The first candidate was there to give, but held too little of the likelihood.
    expect(answer.trace?.short?.share).toBeLessThan(0.1);
  });

  it("GIVEN a runner-up named in a sentence about something else THEN the answer leaves it out", async () => {
    const answer = await rag.ask("Who won the women's race?", { asOf: AS_OF });
    expect(answer.shortAnswer).toBe("Anna Berg");
    // "June Moss won best actress" is a person who won something, in an unrelated story.
    expect(answer.citations.map((c) => c.articleId)).toEqual(["marathon"]);
  });

  it("GIVEN a sentence that names the answer by surname THEN the short answer is the full name, from a cited sentence that gives it", async () => {
    const answer = await rag.ask("Who won her second Riverton Open title?", { asOf: AS_OF });
    expect(answer.refused).toBe(false);
    expect(answer.shortAnswer).toBe("Lena Okafor");
    // The sentence that answers leads; the one that gives the full name follows it, cited too.
    expect(answer.answer).toMatch(
      /Okafor won her second Riverton Open title.* \[1\] .*Lena Okafor beat the top seed in three sets\. \[1\]/,
    );
  });

  it("GIVEN a surname shared by several full names in the articles THEN the short answer is the best-ranked full name, from a cited sentence", async () => {
    // "Kai Lind" and "Rob Lind" both end in "Lind", so neither is pooled with it.
    const answer = await rag.ask("Who became the first player in league history to score 50,000 career points?", { asOf: AS_OF });
    expect(answer.shortAnswer).toBe("Kai Lind");
    // The sentence that gives the full name is quoted, after the one that answers.
    expect(answer.answer).toMatch(/Lind became the first player.* \[1\] .*Kai Lind has played for 20 seasons\. \[1\]/);
  });

  it.each([["What did the Britsh forign secretery say about Ukrane?"], ["What did the British Foreign Secretary say about Ukraine?"]])(
    "GIVEN %j THEN misspelt words are read as the corpus's and the question is answered",
    async (question) => {
      const answer = await rag.ask(question, { asOf: AS_OF });
      expect(answer.refused).toBe(false);
      expect(answer.answer).toMatch(/air defence systems/);
    },
  );

  it("GIVEN a question with two parts THEN both are answered, with one numbering of sources", async () => {
    const answer = await rag.ask("Who won the women's race and how long did it take her?", { asOf: AS_OF });
    expect(answer.refused).toBe(false);
    expect(answer.answer).toMatch(/Anna Berg/);
    expect(answer.answer).toMatch(/2 hours 24 minutes/);
    expect(answer.citations).toHaveLength(1);
  });

  it("GIVEN a metadata question with two parts THEN the author and the date are both given", async () => {
    const answer = await rag.ask("Who wrote the article about the Declaration of Independence reading and when was it published?", {
      asOf: AS_OF,
    });
    expect(answer.answer).toMatch(/Mia Park/);
    expect(answer.answer).toMatch(/5 July 2025/);
  });
});

describe("a second sentence joins only while the answer stays short", () => {
  const band = (oldSentence: string) => ({
    "band-2025.md": article(
      "Brass band tour ends",
      "The Millbrook brass band played in Kelso on Saturday, ending its winter tour. The band's next concert is in April.",
      "date: 2025-11-29\nsource: Millbrook Post\n",
    ),
    "band-2019.md": article("Band abroad", oldSentence, "date: 2019-06-10\nsource: Millbrook Post\n"),
  });
  const ask = async (oldSentence: string) => {
    const dir = makeTempDir();
    writeFiles(dir, band(oldSentence));
    const rag = await createRag(testConfig(dir), { embedder: createFakeEmbedder() });
    await rag.ensureIndex();
    return rag.ask("In which town did the Millbrook brass band play on Saturday?", { asOf: AS_OF });
  };
  const short = "In 2019 the Millbrook brass band played in Ravenna at a festival of bands.";
  // The same sentence with a long account of the festival inside it: the answer would pass 70 words.
  const long = short.replace(
    "at a festival of bands.",
    `at a festival of bands, ${"where crowds from the coast and the hills filled the old square and the harbour front, ".repeat(6)}and stayed late.`,
  );

  it("GIVEN a short sentence about the question from another article THEN it follows the lead", async () => {
    const answer = await ask(short);
    expect(answer.citations.map((c) => c.articleId)).toEqual(["band-2025", "band-2019"]);
  });

  it("GIVEN a place asked for and another town in an older article THEN no revision is claimed (a place named differently is another fact)", async () => {
    const answer = await ask(short);
    expect(answer.revision).toBeUndefined();
  });

  it("GIVEN the same sentence made long THEN it is left out and the lead answers alone", async () => {
    const answer = await ask(long);
    expect(answer.refused).toBe(false);
    expect(answer.answer).toMatch(/Kelso/);
    expect(answer.citations.map((c) => c.articleId)).toEqual(["band-2025"]);
  });
});

describe("a role asked of someone is answered only where the sentence says whose role it is", () => {
  let rag: Rag;
  beforeAll(async () => {
    const dir = makeTempDir();
    writeFiles(dir, {
      "otters-coach.md": article(
        "Otters hire Varga",
        "The Millbrook Otters hired Ilona Varga as their head coach on Monday. Varga spent five seasons as an assistant with the Kelso Rams.",
        "date: 2025-05-05\nsource: Valley Sports\n",
      ),
      "rams-stadium.md": article(
        "Rams open new stand",
        "The Kelso Rams opened a new stand at their ground on Saturday. The club expects bigger crowds next season.",
        "date: 2025-05-10\nsource: Valley Sports\n",
      ),
    });
    rag = await createRag(testConfig(dir), { embedder: createFakeEmbedder() });
    await rag.ensureIndex();
  });

  it("GIVEN the team the sentence names THEN the coach is answered", async () => {
    const answer = await rag.ask("Who is the head coach of the Millbrook Otters?", { asOf: AS_OF });
    expect(answer.refused).toBe(false);
    expect(answer.answer).toMatch(/Ilona Varga/);
  });

  it("GIVEN another team, named only in the next sentence THEN it is held back, not answered with the Otters' coach", async () => {
    const answer = await rag.ask("Who is the head coach of the Kelso Rams?", { asOf: AS_OF, trace: true });
    expect(answer.refused).toBe(true);
    expect(answer.shortAnswer).toBeUndefined();
    // Held back by the role rule, not the confidence: its draft names the Otters' coach.
    expect(answer.trace?.draft?.answer).toMatch(/Ilona Varga/);
  });
});
