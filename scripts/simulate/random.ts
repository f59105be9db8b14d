/** mulberry32: a small seeded PRNG, so a simulation with the same --seed repeats exactly. */
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

export type Rng = () => number;

export const pick = <T>(rng: Rng, items: readonly T[]): T =>
  items[Math.floor(rng() * items.length)];

/** Picks a key by weight. */
export function weighted<T extends string>(rng: Rng, weights: Record<T, number>): T {
  const entries = Object.entries(weights) as Array<[T, number]>;
  const total = entries.reduce((n, [, w]) => n + w, 0);
  let r = rng() * total;
  for (const [k, w] of entries) {
    r -= w;
    if (r <= 0) return k;
  }
  return entries[entries.length - 1][0];
}

/** Normal noise (Box–Muller). */
export function normal(rng: Rng, mean: number, sd: number): number {
  const u = Math.max(rng(), 1e-12);
  return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/** A valid business registration number (check digit) from the generator. */
export function brn(rng: Rng): string {
  const d = Array.from({ length: 9 }, (_, i) =>
    i === 0 ? 1 + Math.floor(rng() * 9) : Math.floor(rng() * 10),
  );
  const w = [1, 3, 7, 1, 3, 7, 1, 3, 5];
  const sum = d.reduce((n, x, i) => n + x * w[i], 0) + Math.floor((d[8] * 5) / 10);
  return `${d.join('')}${(10 - (sum % 10)) % 10}`;
}
