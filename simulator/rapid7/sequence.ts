/**
 * Sequence numbers are derived from the envelope timestamp: seq = timestampMs * 10^6 + counter.
 * That keeps them above 2^60 (so clients must not parse them as Numbers) and makes ordering by seq
 * identical to ordering by (timestamp, seq), so "resume strictly after sequence_number" stays
 * coherent even when late events are inserted with older envelope timestamps.
 *
 * The per-millisecond counter space is split so that the two ways of creating entries never collide:
 * bulk segments own [0, 500 000) in slices of BULK_SLICE, stored entries own the rest. Within its
 * range, each millisecond starts at a pseudo-random offset: round values such as
 * 1717060801234500000 survive a trip through a double unchanged when printed, which would hide
 * the precision bug these numbers exist to expose.
 */
import { hashPair } from "./rng";

const SEQ_PER_MS = 1_000_000n;
export const BULK_SLICE = 50_000;
export const MAX_BULK_SEGMENTS = 10;
/** Entries a bulk segment may put in one millisecond; the rest of its slice is offset room. */
export const MAX_BULK_PER_MS = 10_000;
const STORED_COUNTER_START = BULK_SLICE * MAX_BULK_SEGMENTS;
const MAX_STORED_PER_MS = 100_000;
const STORED_OFFSET_RANGE = Number(SEQ_PER_MS) - STORED_COUNTER_START - MAX_STORED_PER_MS;

/** Above every sequence number the simulator hands out: an open upper bound for walks. */
export const END_OF_SEQUENCES = 1n << 63n;

/** The smallest sequence number an entry with this envelope timestamp can have. */
export function seqFloorForTimestamp(timestampMs: number): bigint {
  return BigInt(timestampMs) * SEQ_PER_MS;
}

/** Deterministic per-millisecond offset in [0, range). */
export function millisecondOffset(timestampMs: number, range: number): number {
  return hashPair(timestampMs % 0x1_0000_0000, Math.floor(timestampMs / 0x1_0000_0000)) % range;
}

/** Hands out unique sequence numbers for stored (non-bulk) entries, across every log. */
export class SequenceAllocator {
  private readonly usedByMs = new Map<number, number>();

  allocate(timestampMs: number): bigint {
    const used = this.usedByMs.get(timestampMs) ?? 0;
    if (used >= MAX_STORED_PER_MS) throw new RangeError(`more than ${MAX_STORED_PER_MS} entries in one millisecond`);
    this.usedByMs.set(timestampMs, used + 1);
    const counter = STORED_COUNTER_START + millisecondOffset(timestampMs, STORED_OFFSET_RANGE) + used;
    return seqFloorForTimestamp(timestampMs) + BigInt(counter);
  }
}
