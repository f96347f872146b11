import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { article } from "../support/corpus.js";
import { finalEdit, send, startWorld, stopWorld, type World } from "../support/bot-world.js";
import { chatInput, stringOption } from "../support/fake-discord.js";

// A revised figure, and a story that does not say what a question asks: the reply forms of issue 26.
const FILES = {
  "pool-proposed.md": article(
    "Council proposes $9.1 million for new community pool",
    "Arden's town council proposed a budget of $9.1 million for the new community pool on Monday. The pool would have eight lanes.",
    "date: 2025-05-12\nsource: Arden Courier\n",
  ),
  "pool-revised.md": article(
    "Pool budget rises after steel costs climb",
    "The council revised the budget for the community pool to $9.6 million on Monday, after the price of steel rose. The vote was 6-1.",
    "date: 2025-06-02\nsource: Arden Courier\n",
  ),
  "footbridge.md": article(
    "Mill River footbridge to open in September",
    "A new footbridge over the Mill River will open in September, the council said on Thursday. The bridge is 85 metres long.",
    "date: 2025-06-20\nsource: Arden Courier\n",
  ),
};

describe("the reply forms: a revision note, closest passages, English only", () => {
  let w: World;
  beforeAll(async () => {
    w = await startWorld({}, { files: FILES });
  });
  afterAll(() => stopWorld(w));

  const ask = async (question: string) => {
    const reply = await finalEdit(w, send(w, chatInput("ask", [stringOption("question", question)])));
    return {
      embed: reply.body.embeds[0],
      buttons: ((reply.body.components ?? []) as { components: { label: string }[] }[]).flatMap((r) => r.components),
    };
  };

  it("GIVEN a figure revised by a newer article THEN the newer one leads and the reply says what it replaced and when", async () => {
    const { embed } = await ask("How much is the budget for the new community pool?");
    expect(embed.description).toMatch(/\*\$9\.6 million: revised on 2 June 2025 from \$9\.1 million \(12 May 2025\)\.\*/);
    // The newer sentence is cited first; the one it replaced follows, dated.
    expect(embed.description.indexOf("to $9.6 million")).toBeLessThan(embed.description.indexOf("of $9.1 million"));
    expect(embed.description).not.toMatch(/sources differ/i);
  });

  it("GIVEN a question the articles do not answer THEN no bold line, and the closest passages are shown cited", async () => {
    const { embed, buttons } = await ask("Who designed the new footbridge?");
    expect(embed.description).toMatch(/^The articles do not state an answer/);
    expect(embed.description).not.toMatch(/^\*\*/);
    expect(embed.description).toMatch(
      /\*\*Closest passages\*\*\n\*\*\[1\]\*\* “A new footbridge over the Mill River will open in September/,
    );
    expect(embed.description).toMatch(/Mill River footbridge to open in September — Arden Courier · 20 June 2025/);
    expect(buttons.map((b) => b.label)).not.toContain("Quotes");
  });

  it("GIVEN a question in French THEN the reply says only English is supported, and cites nothing", async () => {
    const { embed } = await ask("Qui a conçu la nouvelle passerelle de la ville ?");
    expect(embed.description).toMatch(/Only questions in English are supported for now \(this one looks like French\)/);
    expect(embed.description).not.toMatch(/\[1\]/);
  });
});
