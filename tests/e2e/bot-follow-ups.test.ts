import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { finalEdit, send, startWorld, stopWorld, type World } from "../support/bot-world.js";
import { chatInput, stringOption } from "../support/fake-discord.js";

const THREAD = "100000000000000555";
const ASKER = "300000000000000001";

describe("follow-up questions in Discord", () => {
  let w: World;
  beforeAll(async () => {
    w = await startWorld();
  });
  afterAll(() => stopWorld(w));

  const ask = async (question: string, userId: string, channelId = THREAD) =>
    (await finalEdit(w, send(w, chatInput("ask", [stringOption("question", question)], { userId, channelId })))).body.embeds[0];

  it("GIVEN a question and then a follow-up by the same user in a thread THEN the follow-up's 'it' is read as what the question asked", async () => {
    await ask("Did North Korea sell weapons to the Wagner Group?", ASKER);
    const followUp = await ask("And who denied it?", ASKER);
    expect(followUp.footer.text).toMatch(/read as: Who denied whether North Korea sold weapons to the Wagner Group\?/);
    expect(followUp.description).toMatch(/North Korean Foreign Ministry[^\n]*denied/);
  });

  it("GIVEN a follow-up whose 'she' stands for nobody the conversation names THEN the reply asks for a full question", async () => {
    const channelId = "100000000000000777";
    await ask("How much did the Wagner Group spend in Ukraine each month?", ASKER, channelId);
    const followUp = await ask("When was she appointed?", ASKER, channelId);
    expect(followUp.description).toMatch(/Please ask it in full/);
    expect(followUp.description).not.toMatch(/\[1\]/);
  });

  it("GIVEN the same follow-up from someone else, or elsewhere THEN it stands alone", async () => {
    const other = await ask("And who denied it?", "300000000000000002");
    expect(other.footer.text).not.toMatch(/read as/);
    const elsewhere = await ask("And who denied it?", ASKER, "100000000000000666");
    expect(elsewhere.footer.text).not.toMatch(/read as/);
  });
});
