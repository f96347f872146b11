import { describe, expect, it } from "vitest";
import { capPerGroup, fuseConvex, fuseReciprocalRank } from "../../../src/rag/fusion.js";

const ranking = (...ids: string[]) => ids.map((id, i) => ({ id, score: 10 - i }));

describe("fusion", () => {
  it("GIVEN equal weights THEN RRF ranks ids found by both lists first", () => {
    const fused = fuseReciprocalRank([
      { ranking: ranking("a", "b", "c"), weight: 1 },
      { ranking: ranking("b", "c", "d"), weight: 1 },
    ]);
    expect(fused.map((r) => r.id)).toEqual(["b", "c", "a", "d"]);
  });

  it("GIVEN a low dense weight THEN the lexical order survives RRF except for near ties", () => {
    const fused = fuseReciprocalRank([
      { ranking: ranking("a", "b", "c"), weight: 1 },
      { ranking: ranking("c", "b", "a"), weight: 0.1 },
    ]);
    expect(fused.map((r) => r.id)).toEqual(["a", "b", "c"]);
  });

  it("GIVEN a decisive lexical win THEN convex fusion keeps it on top where RRF would not", () => {
    const lexical = [
      { id: "chef", score: 13.4 },
      { id: "other", score: 0.55 },
      { id: "third", score: 0.5 },
    ];
    const dense = [
      { id: "other", score: 0.5 },
      ...["third", "d", "e", "f", "g"].map((id, i) => ({ id, score: 0.45 - i * 0.02 })),
      { id: "chef", score: 0.3 },
    ];
    const lists = [
      { ranking: lexical, weight: 1 },
      { ranking: dense, weight: 0.3 },
    ];
    expect(fuseConvex(lists)[0]!.id).toBe("chef");
    expect(fuseReciprocalRank(lists)[0]!.id).toBe("other");
  });

  it("GIVEN a zero weight THEN that list is ignored", () => {
    const fused = fuseConvex([
      { ranking: ranking("a", "b"), weight: 1 },
      { ranking: ranking("z", "b"), weight: 0 },
    ]);
    expect(fused.map((r) => r.id)).toEqual(["a", "b"]);
  });

  it("GIVEN a cap of one per article THEN the next article's passage moves up", () => {
    const items = ranking("x#0", "x#1", "y#0", "x#2", "z#0");
    const capped = capPerGroup(items, (id) => id.split("#")[0]!, 1, 3);
    expect(capped.map((r) => r.id)).toEqual(["x#0", "y#0", "z#0"]);
  });
});
