import { describe, expect, it } from "vitest";
import { ExactVectors } from "../../../src/rag/store/local/exact-vectors.js";

describe("exact dense search", () => {
  const ids = ["p3", "p1", "p2", "p4"];
  // Not unit length on purpose: scores are cosines all the same. p4 is not embedded yet (NaN).
  const rows = new Float32Array([3, 0, 0, 0, 2, 0, 1, 1, 0, Number.NaN, Number.NaN, Number.NaN]);

  it("GIVEN rows of any length THEN passages rank by cosine, best first, ties to the smaller id, unembedded ones left out", async () => {
    const exact = new ExactVectors(ids, rows, 3);
    expect(exact.size).toBe(3);
    const ranked = await exact.query([0, 5, 0], 10, 0);
    expect(ranked.map((r) => r.id)).toEqual(["p1", "p2", "p3"]);
    expect(ranked[0]!.score).toBeCloseTo(1, 6);
    expect(ranked[1]!.score).toBeCloseTo(Math.SQRT1_2, 6);
    expect(ranked[2]!.score).toBeCloseTo(0, 6);
    // The same passage twice (a copy): equal scores, the smaller id first.
    const copies = new ExactVectors(["b", "a"], new Float32Array([1, 2, 3, 1, 2, 3]), 3);
    expect((await copies.query([3, 2, 1], 2, 0)).map((r) => r.id)).toEqual(["a", "b"]);
  });

  it("GIVEN a filter and a limit THEN only passages it keeps are ranked, at most that many", async () => {
    const exact = new ExactVectors(ids, rows, 3);
    expect((await exact.query([0, 1, 0], 1, 0, (id) => id !== "p1")).map((r) => r.id)).toEqual(["p2"]);
    expect(await exact.query([0, 1, 0], 0, 0)).toEqual([]);
  });

  it("GIVEN a row filled after the scan was made THEN the next query finds it", async () => {
    const filling = rows.slice();
    const exact = new ExactVectors(ids, filling, 3);
    filling.set([0, 0, 4], 9);
    expect(exact.size).toBe(4);
    expect((await exact.query([0, 0, 1], 1, 0))[0]).toMatchObject({ id: "p4" });
  });
});
