/**
 * p_row_id: 32 lowercase hex characters (128 random bits), the shape of Panther's row ids.
 *
 * One CSPRNG call per record would dominate a million-row backfill, so random bytes are drawn in
 * 8 KiB batches and handed out 16 at a time. Ids stay unpredictable and unique in practice;
 * they are not meant to be ordered.
 */
import { randomFillSync } from "node:crypto";

const ID_BYTES = 16;
const pool = Buffer.allocUnsafe(ID_BYTES * 512);
let offset = pool.length;

export function newRowId(): string {
  if (offset + ID_BYTES > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const id = pool.toString("hex", offset, offset + ID_BYTES);
  offset += ID_BYTES;
  return id;
}
