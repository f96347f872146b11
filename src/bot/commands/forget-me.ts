import { ButtonStyle, ComponentType, InteractionContextType, SlashCommandBuilder } from "discord.js";
import type { ButtonHandler, SlashCommand } from "../context.js";
import { renderNotice } from "../render.js";
import { respond } from "../reply.js";

/** /forget-me: everything the member asked and rated, in every server, deleted once they confirm. */
export const forgetMe: SlashCommand = {
  data: new SlashCommandBuilder()
    .setName("forget-me")
    .setDescription("Delete every question you asked and every vote you gave, in every server.")
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .toJSON(),
  async execute(interaction, ctx) {
    if (!ctx.questions)
      return respond(interaction, renderNotice("This bot keeps no questions (its question log is off): there is nothing to forget."), {
        ephemeral: true,
      });
    await respond(
      interaction,
      {
        ...renderNotice("This deletes every question you asked this bot and every vote you gave, in every server, for good. Confirm?"),
        components: [
          {
            type: ComponentType.ActionRow,
            // The user id in the button: the confirmation works only for whoever asked for it.
            components: [
              {
                type: ComponentType.Button,
                custom_id: `forget:${interaction.user.id}`,
                label: "Delete my questions and votes",
                style: ButtonStyle.Danger,
              },
            ],
          },
        ],
      },
      { ephemeral: true },
    );
  },
};

export const forgetConfirm: ButtonHandler = {
  prefix: "forget",
  async execute(interaction, [userId], ctx) {
    if (userId !== interaction.user.id)
      return respond(interaction, renderNotice("Only the member who asked can confirm this."), { ephemeral: true });
    if (!ctx.questions) return respond(interaction, renderNotice("This bot keeps no questions."), { ephemeral: true });
    const gone = await ctx.questions.forget(interaction.user.id);
    ctx.log.info({ questions: gone.questions, votes: gone.votes }, "a member's questions and votes were deleted (/forget-me)");
    await respond(
      interaction,
      renderNotice(
        `Done: ${gone.questions} question${gone.questions === 1 ? "" : "s"} and ${gone.votes} vote${gone.votes === 1 ? "" : "s"} deleted.`,
      ),
      { ephemeral: true },
    );
  },
};
