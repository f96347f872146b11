import { SIGNATURE_SIZE, signatureValues, similarity } from "./corpus/minhash.js";
import type { ArticleMeta } from "./types.js";
import type { Pause } from "./pace.js";

/**
 * Articles that are copies of one story (near-duplicates by their MinHash signatures): search
 * shows one of each group, and its citation says which other outlets carried it.
 */

/** Estimated shingle overlap at or above which two articles are one story. */
const COPY_SIMILARITY = 0.75;
/** LSH: the signature cut into bands; articles sharing a whole band are compared. */
const BANDS = 8;
const ROWS = SIGNATURE_SIZE / BANDS;

/** Each article in a group of copies → every article of its group (itself included); articles with no copy are absent. */
export interface CopyGroups {
  /** False when no article has a copy: search skips the grouping. */
  readonly size: number;
  get(id: string): readonly string[] | undefined;
}

/** Groups the articles that are copies of one another. Linear in the articles (banded hashing), then pairs within a band. */
export function findCopies(articles: readonly ArticleMeta[]): CopyGroups {
  const steps = groupCopies(articles);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** The same, in slices with other work between them (a new build prepared while others ask). */
export async function findCopiesInSlices(articles: readonly ArticleMeta[], pause: Pause): Promise<CopyGroups> {
  const steps = groupCopies(articles);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await pause();
  }
}

/** The grouping, stopping after each article's turn so a caller can let other work run. */
function* groupCopies(articles: readonly ArticleMeta[]): Generator<void, CopyGroups> {
  const signed: { id: string; values: Uint16Array }[] = [];
  for (const a of articles) {
    const values = a.minhash ? signatureValues(a.minhash) : undefined;
    if (values) signed.push({ id: a.id, values });
    yield;
  }
  const parent = new Map<string, string>();
  const root = (id: string): string => {
    let r = id;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(id, r);
    return r;
  };
  for (const s of signed) parent.set(s.id, s.id);
  for (let band = 0; band < BANDS; band++) {
    const buckets = new Map<string, typeof signed>();
    for (const s of signed) {
      const key = Array.from(s.values.subarray(band * ROWS, (band + 1) * ROWS)).join(",");
      const bucket = buckets.get(key);
      if (bucket) bucket.push(s);
      else buckets.set(key, [s]);
      yield;
    }
    for (const bucket of buckets.values()) {
      // A bucket of hundreds is boilerplate every page shares, not one story.
      if (bucket.length < 2 || bucket.length > 50) continue;
      for (let i = 0; i < bucket.length; i++) {
        for (let j = i + 1; j < bucket.length; j++) {
          const a = bucket[i]!;
          const b = bucket[j]!;
          if (root(a.id) !== root(b.id) && similarity(a.values, b.values) >= COPY_SIMILARITY) parent.set(root(a.id), root(b.id));
        }
      }
    }
  }
  const members = new Map<string, string[]>();
  for (const s of signed) {
    const r = root(s.id);
    const list = members.get(r);
    if (list) list.push(s.id);
    else members.set(r, [s.id]);
  }
  const groups = new Map<string, readonly string[]>();
  for (const list of members.values()) if (list.length > 1) for (const id of list) groups.set(id, list);
  return groups;
}
