// mulberry32: a small seeded generator, the same on every machine, so a test's random fixture (or a
// failing sequence) reproduces. Unrelated to the data generator's sfc32
// (data-loaders/generator/random.ts), so a simulation checked against the code shares nothing with it.
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
