// What every seeded fuzz test shares: its seed (LOOPCHAT_FUZZ_SEED=<seed> replays a run) and a
// small, seedable generator to pick cases with.

/** The seed to run with: the one named in the environment, else a new one. */
export function fuzzSeed(): number {
  return Number(process.env.LOOPCHAT_FUZZ_SEED ?? Date.now() % 2 ** 31);
}

/** The line a failed run ends with, so it can be replayed. */
export function replayHint(what: string, seed: number): string {
  return `${what} failed with seed ${seed} (replay: LOOPCHAT_FUZZ_SEED=${seed})`;
}

/** mulberry32: small, seedable, good enough to pick fuzz cases. */
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
