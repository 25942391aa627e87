/**
 * Seeded randomness. Everything the simulator invents (ids, audit records, chaos faults) must be
 * reproducible from a seed so a failing test or a benchmark can be replayed exactly.
 */

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  uint32(): number;
  /** Integer in [0, maxExclusive). */
  int(maxExclusive: number): number;
  /** Integer in [min, max]. */
  between(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
}

/** Mixes any number of integers or strings into one 32-bit seed (FNV-1a followed by an avalanche). */
export function hashSeed(...parts: ReadonlyArray<number | string>): number {
  let hash = 0x811c9dc5;
  for (const part of parts) {
    const text = typeof part === "number" ? `#${part}` : `$${part}`;
    for (let i = 0; i < text.length; i++) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193);
    }
  }
  return avalanche(hash);
}

/** Cheap integer-pair hash for hot paths (bulk entries), where building strings would dominate. */
export function hashPair(a: number, b: number): number {
  return avalanche(Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35));
}

function avalanche(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

/** mulberry32: tiny, fast, and good enough for test data (not for anything secret). */
class Mulberry32 implements Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  uint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  next(): number {
    return this.uint32() / 4294967296;
  }

  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }

  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError("cannot pick from an empty list");
    return items[this.int(items.length)] as T;
  }
}

export function createRng(seed: number): Rng {
  return new Mulberry32(seed);
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
const hexByte = (byte: number): string => HEX[byte & 0xff] as string;
const hexWord = (word: number): string =>
  hexByte(word >>> 24) + hexByte(word >>> 16) + hexByte(word >>> 8) + hexByte(word);

/** A version-4-shaped UUID drawn from the generator, so seeded ids look like the real ones. */
export function uuidFromRng(rng: Rng): string {
  const a = rng.uint32();
  const b = rng.uint32();
  const c = rng.uint32();
  const d = rng.uint32();
  return (
    `${hexWord(a)}-${hexByte(b >>> 24)}${hexByte(b >>> 16)}-` +
    `${hexByte(((b >>> 8) & 0x0f) | 0x40)}${hexByte(b)}-` +
    `${hexByte(((c >>> 24) & 0x3f) | 0x80)}${hexByte(c >>> 16)}-` +
    `${hexByte(c >>> 8)}${hexByte(c)}${hexWord(d)}`
  );
}

/** A UUID that depends only on its inputs: the same org or log name always gets the same id. */
export function stableUuid(...parts: ReadonlyArray<number | string>): string {
  return uuidFromRng(createRng(hashSeed(...parts)));
}
