/** What the importer's noisy-text tests share: a seeded generator and the shape of a kind of damage. */

/** A small deterministic PRNG (mulberry32), so a failing variant can be reproduced from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One kind of damage extraction does to text, drawn from `rand`. */
export type Noise = (text: string, rand: () => number) => string;
