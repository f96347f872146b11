import { DOWN_REASONS, type DownReason, type WindowTotals } from "./types.js";

/** Votes counted by the database, by vote and reason. */
export type VoteCount = { vote: string; reason: string | null; n: number };

/** A window's totals from its counts, as both logs give them. */
export function totalsFrom(asked: number, refused: number, votes: VoteCount[]): WindowTotals {
  const downReasons = Object.fromEntries(DOWN_REASONS.map((r) => [r, 0])) as Record<DownReason, number>;
  let up = 0;
  let down = 0;
  for (const v of votes) {
    if (v.vote === "up") up += v.n;
    else if (v.vote === "down") {
      down += v.n;
      if (v.reason && v.reason in downReasons) downReasons[v.reason as DownReason] += v.n;
    }
  }
  return { asked, refused, up, down, downReasons };
}
