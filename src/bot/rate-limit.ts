import { LRUCache } from "lru-cache";

/** Users remembered at once: those who asked within the window, far more than ask in one minute. */
const MAX_USERS = 100_000;

/**
 * Per-user sliding-window limit: at most `limit` uses in any `windowMs`. A user is forgotten one
 * window after their last use (nothing of theirs can count any more), so memory follows the
 * users of the last minute, not every user the bot has ever seen.
 */
export class UserRateLimiter {
  private readonly uses: LRUCache<string, number[]>;

  constructor(
    readonly limit: number,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
    maxUsers = MAX_USERS,
  ) {
    this.uses = new LRUCache({ max: maxUsers, ttl: windowMs, ttlResolution: 0, perf: { now } });
  }

  /** Users currently remembered. */
  get size(): number {
    this.uses.purgeStale();
    return this.uses.size;
  }

  /** Gives back the use just taken, for a request then refused for another reason (the wrong channel). */
  refund(userId: string): void {
    this.uses.get(userId)?.pop();
  }

  /** Records a use and returns 0, or returns the milliseconds until the user may ask again. */
  take(userId: string): number {
    const now = this.now();
    const recent = (this.uses.get(userId) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length >= this.limit) {
      this.uses.set(userId, recent);
      return this.windowMs - (now - recent[0]!);
    }
    recent.push(now);
    this.uses.set(userId, recent);
    return 0;
  }
}

/**
 * Runs at most `cap` answers at once; later ones wait their turn in a bounded queue (they are
 * already deferred, so Discord's 3-second deadline is met), and past the queue they are refused.
 */
export class InFlight {
  private running = 0;
  private readonly queue: (() => void)[] = [];

  constructor(
    private readonly cap: number,
    private readonly maxQueue = cap * 25,
  ) {}

  get size(): number {
    return this.running + this.queue.length;
  }

  /** Runs `work` when a slot is free; returns undefined, without running it, when the queue is full. */
  async run<T>(work: () => Promise<T>): Promise<{ value: T } | undefined> {
    if (this.running >= this.cap) {
      if (this.queue.length >= this.maxQueue) return undefined;
      await new Promise<void>((resolve) => this.queue.push(resolve));
    }
    this.running++;
    try {
      return { value: await work() };
    } finally {
      this.running--;
      this.queue.shift()?.();
    }
  }
}
