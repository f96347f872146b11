import { describe, expect, it } from "vitest";
import { InFlight, UserRateLimiter } from "../../../src/bot/rate-limit.js";
import { RecentAnswers } from "../../../src/bot/answers.js";
import type { Answer } from "../../../src/rag/index.js";

describe("UserRateLimiter", () => {
  it("GIVEN a user at the limit THEN the next use waits until the oldest one leaves the window", () => {
    let now = 0;
    const limiter = new UserRateLimiter(2, 60_000, () => now);
    expect([limiter.take("u"), limiter.take("u")]).toEqual([0, 0]);
    now = 10_000;
    expect(limiter.take("u")).toBe(50_000);
    now = 60_001;
    expect(limiter.take("u")).toBe(0);
  });

  it("GIVEN many users who asked once THEN each is forgotten a window after, so memory follows the last minute's users", () => {
    let now = 1_000_000;
    const limiter = new UserRateLimiter(5, 60_000, () => now);
    for (let i = 0; i < 20_000; i++) limiter.take(`user-${i}`);
    expect(limiter.size).toBe(20_000);
    now += 30_000;
    limiter.take("late");
    expect(limiter.size).toBe(20_001);
    now += 30_001;
    expect(limiter.size).toBe(1);
  });

  it("GIVEN more users at once than it remembers THEN it stays at its bound", () => {
    const limiter = new UserRateLimiter(5, 60_000, () => 0, 1000);
    for (let i = 0; i < 5000; i++) limiter.take(`user-${i}`);
    expect(limiter.size).toBe(1000);
  });
});

describe("InFlight", () => {
  it("GIVEN more work than slots and queue THEN the excess is refused without running", async () => {
    const flight = new InFlight(1, 1);
    let release!: () => void;
    const first = flight.run(() => new Promise<void>((r) => (release = r)));
    const second = flight.run(async () => "second");
    expect(await flight.run(async () => "third")).toBeUndefined();
    release();
    expect(await first).toEqual({ value: undefined });
    expect(await second).toEqual({ value: "second" });
  });
});

describe("UserRateLimiter.refund", () => {
  it("GIVEN a use given back (a question refused for its channel) THEN the user may still ask their full budget", () => {
    const limiter = new UserRateLimiter(2);
    expect(limiter.take("u")).toBe(0);
    limiter.refund("u");
    expect(limiter.take("u")).toBe(0);
    expect(limiter.take("u")).toBe(0);
    expect(limiter.take("u")).toBeGreaterThan(0);
  });
});

describe("RecentAnswers", () => {
  const SERVER = "100000000000000003";
  it("GIVEN more answers than it keeps THEN the least recently used go first, and one still in use stays", () => {
    const answers = new RecentAnswers(2);
    const a = answers.remember({ question: "a" } as Answer, SERVER);
    const b = answers.remember({ question: "b" } as Answer, SERVER);
    expect(answers.get(a, SERVER)?.question).toBe("a");
    answers.remember({ question: "c" } as Answer, SERVER);
    expect(answers.get(a, SERVER)?.question).toBe("a");
    expect(answers.get(b, SERVER)).toBeUndefined();
  });

  it("GIVEN an answer given in one server THEN its key finds nothing in another server or in a DM", () => {
    const answers = new RecentAnswers();
    const key = answers.remember({ question: "a" } as Answer, SERVER);
    expect(answers.get(key, "100000000004194307")).toBeUndefined();
    expect(answers.get(key, null)).toBeUndefined();
    const dm = answers.remember({ question: "b" } as Answer, null);
    expect(answers.get(dm, SERVER)).toBeUndefined();
    expect(answers.get(dm, null)?.question).toBe("b");
  });
});
