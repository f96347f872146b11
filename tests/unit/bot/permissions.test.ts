import { type Interaction, PermissionFlagsBits, PermissionsBitField } from "discord.js";
import { describe, expect, it } from "vitest";
import { checkChannel, checkModerator } from "../../../src/bot/permissions.js";

/** The parts of an interaction the checks read, as Discord sends them. */
function interaction(o: { guild?: boolean; permissions?: bigint; roles?: string[] | "cache"; roleIds?: string[]; channelId?: string }) {
  const roleIds = o.roleIds ?? [];
  return {
    inGuild: () => o.guild ?? true,
    memberPermissions: new PermissionsBitField(o.permissions ?? 0n),
    // An uncached member comes as raw role ids; a cached one as a role manager.
    member: { roles: o.roles === "cache" ? { cache: new Map(roleIds.map((id) => [id, {}])) } : roleIds },
    channelId: o.channelId ?? "100",
  } as unknown as Interaction;
}

const MANAGE = PermissionFlagsBits.ManageGuild;
const DENIED = { ok: false, reason: "You need the Manage Server permission to do that." };

describe("checkModerator", () => {
  it.each([
    ["Manage Server", { permissions: MANAGE }, [], { ok: true }],
    ["Manage Server and other permissions", { permissions: MANAGE | PermissionFlagsBits.SendMessages }, [], { ok: true }],
    ["no permission and no role list", { permissions: PermissionFlagsBits.SendMessages }, [], DENIED],
    ["a moderator role (raw ids)", { roleIds: ["7", "9"] }, ["9"], { ok: true }],
    ["a moderator role (cached member)", { roles: "cache" as const, roleIds: ["9"] }, ["9"], { ok: true }],
    ["only other roles", { roleIds: ["7", "8"] }, ["9"], DENIED],
    ["a role list but no roles", { roleIds: [] }, ["9"], DENIED],
    [
      "a DM, even with a role id that matches",
      { guild: false, roleIds: ["9"] },
      ["9"],
      { ok: false, reason: "Moderator commands work only in a server." },
    ],
  ])("GIVEN %s THEN the check says so", (_name, who, moderatorRoles, expected) => {
    expect(checkModerator(interaction(who), moderatorRoles)).toEqual(expected);
  });
});

describe("checkChannel", () => {
  it.each([
    ["no allow-list", "100", [], { ok: true }],
    ["a listed channel", "200", ["100", "200"], { ok: true }],
    ["another channel", "300", ["100", "200"], { ok: false, reason: "Questions can be asked in <#100>, <#200>." }],
  ])("GIVEN %s THEN the check says so", (_name, channelId, allowed, expected) => {
    expect(checkChannel(interaction({ channelId }), allowed)).toEqual(expected);
  });
});
