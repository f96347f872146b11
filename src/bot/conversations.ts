import { LRUCache } from "lru-cache";
import type { Answer, Turn } from "../rag/index.js";

/** Earlier turns older than this are no longer part of the conversation. */
const TURN_TTL_MS = 15 * 60_000;
/** Turns kept per conversation (the rewrite reads the last few). */
const MAX_TURNS = 3;
/** Conversations kept at once; the least recently used go first. */
const MAX_CONVERSATIONS = 5000;

/**
 * Each user's recent questions and answers in a channel or thread, so a follow-up ("and who
 * denied it?") is read with what it follows. Per user: someone else's question in the same
 * channel is not the context of yours.
 */
export class Conversations {
  private readonly turns: LRUCache<string, (Turn & { at: number })[]>;

  constructor(private readonly now: () => number = Date.now) {
    // A conversation nobody added to for longer than a turn lives is gone anyway: forget it.
    this.turns = new LRUCache({ max: MAX_CONVERSATIONS, ttl: TURN_TTL_MS, ttlResolution: 0, perf: { now } });
  }

  /** The user's recent turns in the channel, oldest first. */
  history(channelId: string, userId: string): Turn[] {
    const key = `${channelId}:${userId}`;
    const fresh = (this.turns.get(key) ?? []).filter((t) => this.now() - t.at < TURN_TTL_MS);
    return fresh.map(({ at: _at, ...turn }) => turn);
  }

  /** An answer as the next turn; a refusal is not one (a follow-up cannot build on it). */
  addAnswer(channelId: string, userId: string, question: string, answer: Answer): void {
    if (answer.refused) return;
    this.add(channelId, userId, {
      question: answer.standaloneQuestion ?? question,
      answer: answer.answer,
      ...(answer.shortAnswer ? { shortAnswer: answer.shortAnswer } : {}),
    });
  }

  add(channelId: string, userId: string, turn: Turn): void {
    const key = `${channelId}:${userId}`;
    const list = [...(this.turns.get(key) ?? []), { ...turn, at: this.now() }].slice(-MAX_TURNS);
    this.turns.set(key, list);
  }
}
