/**
 * MinHash signatures of articles' word shingles, to find near-duplicates: the same story carried
 * by several outlets (a wire story, a syndicated copy with a new headline and a line changed).
 * Two articles' Jaccard similarity (shared 5-word shingles over all) is estimated by the share
 * of signature values they agree on.
 */

/** Words per shingle: long enough that unrelated articles share almost none. */
const SHINGLE_WORDS = 5;
/** Values per signature: 32 estimate a similarity of 0.8 within about ±0.07. */
export const SIGNATURE_SIZE = 32;
/** Articles shorter than this (in words) get no signature: too short to call a copy. */
const MIN_WORDS = 40;

// Fixed seeds: signatures must agree across processes and releases (they are stored in the index).
const SEEDS = Array.from({ length: SIGNATURE_SIZE }, (_, i) => Math.imul(i + 1, 0x9e3779b1) >>> 0);

/** FNV-1a over a string's UTF-16 code units. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** MurmurHash3's finaliser: mixes a 32-bit value so each seed gives an independent permutation. */
function mix(x: number): number {
  let h = x;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * The article's signature, as base64 of SIGNATURE_SIZE 16-bit values (the low half of each
 * minimum), or undefined for a text too short to judge.
 */
export function minhashOf(text: string): string | undefined {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length < MIN_WORDS) return undefined;
  const mins = new Array<number>(SIGNATURE_SIZE).fill(0xffffffff);
  // Each word hashed once; a shingle's hash combines its five words' in order (no strings built).
  const wordHashes = words.map(fnv1a);
  for (let i = 0; i + SHINGLE_WORDS <= words.length; i++) {
    let shingle = 0;
    for (let w = 0; w < SHINGLE_WORDS; w++) shingle = mix(Math.imul(shingle, 0x01000193) ^ wordHashes[i + w]!);
    for (let s = 0; s < SIGNATURE_SIZE; s++) {
      const value = mix(shingle ^ SEEDS[s]!);
      if (value < mins[s]!) mins[s] = value;
    }
  }
  const bytes = new Uint8Array(SIGNATURE_SIZE * 2);
  mins.forEach((m, s) => {
    bytes[2 * s] = m & 0xff;
    bytes[2 * s + 1] = (m >>> 8) & 0xff;
  });
  return Buffer.from(bytes).toString("base64");
}

/** A signature's values (decoded once per article). */
export function signatureValues(signature: string): Uint16Array | undefined {
  const bytes = Buffer.from(signature, "base64");
  if (bytes.length !== SIGNATURE_SIZE * 2) return undefined;
  return new Uint16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
}

/** The estimated Jaccard similarity of two signatures: the share of values they agree on. */
export function similarity(a: Uint16Array, b: Uint16Array): number {
  let same = 0;
  for (let i = 0; i < SIGNATURE_SIZE; i++) if (a[i] === b[i]) same++;
  return same / SIGNATURE_SIZE;
}
