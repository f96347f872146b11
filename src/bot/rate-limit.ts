/** Per-user sliding-window limit: at most `limit` uses in any `windowMs`. */
export class UserRateLimiter {
  private readonly uses = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

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

/** Counts work in flight, refuses past a cap, and lets shutdown wait for the rest. */
export class InFlight {
  private count = 0;
  private waiters: (() => void)[] = [];

  constructor(private readonly cap: number) {}

  get size(): number {
    return this.count;
  }

  /** Runs `work` if under the cap; returns undefined (without running it) when full. */
  async run<T>(work: () => Promise<T>): Promise<{ value: T } | undefined> {
    if (this.count >= this.cap) return undefined;
    this.count++;
    try {
      return { value: await work() };
    } finally {
      this.count--;
      if (this.count === 0) for (const w of this.waiters.splice(0)) w();
    }
  }

  /** Resolves when nothing is in flight, or after `timeoutMs`. */
  idle(timeoutMs: number): Promise<boolean> {
    if (this.count === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}
