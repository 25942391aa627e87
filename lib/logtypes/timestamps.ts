/**
 * Timestamp parsing and formatting for the normalizer's hot path.
 *
 * Parsers return epoch milliseconds, or NaN when the input is unusable; the reason for the last
 * NaN is left in `lastTimeError` so the success path allocates nothing. Everything is truncated
 * (floored) to whole milliseconds: JavaScript dates cannot hold more, and truncation never moves
 * an event into the next second, day or year the way rounding can.
 *
 * Output is limited to years 0000-9999 so every normalized timestamp has the same
 * `YYYY-MM-DDTHH:mm:ss.sssZ` shape (Date#toISOString switches to `+YYYYYY` outside that range).
 */
import type { TimeFormat } from "./schema-definition";

export const MIN_TIMESTAMP_MS = -62_167_219_200_000; // 0000-01-01T00:00:00.000Z
export const MAX_TIMESTAMP_MS = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z

export type TimeErrorKind =
  | "syntax" // not shaped like the format at all
  | "impossible" // shaped right, but no such date or time (Feb 30, 24:00, +25:00)
  | "precision" // more than nine fractional digits
  | "out_of_range"; // outside years 0000-9999

let lastError: TimeErrorKind = "syntax";

/** Why the most recent parse returned NaN. Only meaningful right after a NaN. */
export function lastTimeError(): TimeErrorKind {
  return lastError;
}

function fail(kind: TimeErrorKind): number {
  lastError = kind;
  return Number.NaN;
}

function inRange(ms: number): number {
  return ms >= MIN_TIMESTAMP_MS && ms <= MAX_TIMESTAMP_MS ? ms : fail("out_of_range");
}

/** Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = month > 2 ? month - 3 : month + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Two ASCII digits at i as a number, or -1. */
function d2(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * RFC 3339 `date-time`: `YYYY-MM-DDTHH:MM:SS[.1-9 digits](Z|+HH:MM|-HH:MM)`.
 * `t`/`z` are accepted in lower case (RFC 3339 section 5.6 allows it); a space separator, a missing
 * offset and leap second 60 are rejected, as Go's time.RFC3339 parser (Panther's) does.
 */
export function parseRfc3339(s: string): number {
  const n = s.length;
  if (n < 20) return fail("syntax");
  const y1 = d2(s, 0);
  const y2 = d2(s, 2);
  if (y1 < 0 || y2 < 0 || s.charCodeAt(4) !== 45 /* - */ || s.charCodeAt(7) !== 45) return fail("syntax");
  const month = d2(s, 5);
  const day = d2(s, 8);
  const sep = s.charCodeAt(10);
  if (month < 0 || day < 0 || (sep !== 84 /* T */ && sep !== 116) /* t */) return fail("syntax");
  const hour = d2(s, 11);
  const minute = d2(s, 14);
  const second = d2(s, 17);
  if (hour < 0 || minute < 0 || second < 0 || s.charCodeAt(13) !== 58 /* : */ || s.charCodeAt(16) !== 58) {
    return fail("syntax");
  }

  let i = 19;
  let millis = 0;
  if (s.charCodeAt(i) === 46 /* . */) {
    i++;
    const start = i;
    while (i < n) {
      const c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      // Sub-millisecond digits are validated but dropped (truncation, see module comment).
      if (i - start < 3) millis = millis * 10 + c;
      i++;
    }
    const digits = i - start;
    if (digits === 0) return fail("syntax");
    if (digits > 9) return fail("precision");
    if (digits === 1) millis *= 100;
    else if (digits === 2) millis *= 10;
  }

  let offsetMinutes = 0;
  const z = s.charCodeAt(i);
  if (z === 90 /* Z */ || z === 122 /* z */) {
    if (i + 1 !== n) return fail("syntax");
  } else if (z === 43 /* + */ || z === 45 /* - */) {
    if (i + 6 !== n || s.charCodeAt(i + 3) !== 58) return fail("syntax");
    const oh = d2(s, i + 1);
    const om = d2(s, i + 4);
    if (oh < 0 || om < 0) return fail("syntax");
    if (oh > 23 || om > 59) return fail("impossible");
    offsetMinutes = (oh * 60 + om) * (z === 43 ? 1 : -1);
  } else {
    return fail("syntax");
  }

  const year = y1 * 100 + y2;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return fail("impossible");
  if (hour > 23 || minute > 59 || second > 59) return fail("impossible");

  const seconds = daysFromCivil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offsetMinutes * 60;
  return inRange(seconds * 1000 + millis);
}

/** Power of ten that turns one unit of the format into milliseconds. */
const UNIX_SCALE: Record<Exclude<TimeFormat, "rfc3339">, number> = {
  unix: 3,
  unix_ms: 0,
  unix_us: -3,
  unix_ns: -6,
};

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Exact decimal -> floor(value * 10^shift) as milliseconds, done on digit strings so that
 * nanosecond timestamps beyond 2^53 and fractional seconds lose nothing to binary floats.
 */
function decimalToMillis(negative: boolean, intDigits: string, fracDigits: string, shift: number): number {
  const digits = intDigits + fracDigits;
  const point = intDigits.length + shift;
  let whole: string;
  let dropped: string;
  if (point <= 0) {
    whole = "";
    dropped = digits;
  } else if (point >= digits.length) {
    whole = digits + "0".repeat(point - digits.length);
    dropped = "";
  } else {
    whole = digits.slice(0, point);
    dropped = digits.slice(point);
  }
  let start = 0;
  while (start < whole.length && whole.charCodeAt(start) === 48) start++;
  // 16 digits already exceeds year 9999 in milliseconds; this also bounds the work on huge inputs.
  if (whole.length - start > 16) return fail("out_of_range");
  let value = whole.length > start ? Number(whole.slice(start)) : 0;
  if (negative) {
    let fractional = false;
    for (let k = 0; k < dropped.length; k++) {
      if (dropped.charCodeAt(k) !== 48) {
        fractional = true;
        break;
      }
    }
    value = -value - (fractional ? 1 : 0);
  }
  return inRange(value);
}

/**
 * Numeric text: `[+-]digits[.digits][e[+-]digits]`. Fractions and exponents are only allowed
 * when `allowFraction` (unix seconds), matching Panther's ParseFloat/ParseInt split.
 */
function parseNumericText(s: string, shift: number, allowFraction: boolean): number {
  const n = s.length;
  let i = 0;
  let negative = false;
  const sign = s.charCodeAt(0);
  if (sign === 45 || sign === 43) {
    negative = sign === 45;
    i = 1;
  }
  const intStart = i;
  let fast = 0;
  while (i < n && isDigitCode(s.charCodeAt(i))) {
    fast = fast * 10 + (s.charCodeAt(i) - 48);
    i++;
  }
  const intEnd = i;
  if (intEnd === intStart) return fail("syntax");
  if (i === n && shift === 0 && intEnd - intStart <= 15) {
    // The common case (unix_ms as a numeric string): exact in a double, no substrings.
    return inRange(negative ? -fast : fast);
  }
  let fracStart = i;
  let fracEnd = i;
  let exponent = 0;
  if (i < n && allowFraction) {
    if (s.charCodeAt(i) === 46) {
      i++;
      fracStart = i;
      while (i < n && isDigitCode(s.charCodeAt(i))) i++;
      fracEnd = i;
      if (fracEnd === fracStart) return fail("syntax");
    }
    const e = s.charCodeAt(i);
    if (e === 101 || e === 69) {
      i++;
      let expNegative = false;
      const es = s.charCodeAt(i);
      if (es === 45 || es === 43) {
        expNegative = es === 45;
        i++;
      }
      const expStart = i;
      while (i < n && isDigitCode(s.charCodeAt(i))) {
        exponent = exponent * 10 + (s.charCodeAt(i) - 48);
        if (exponent > 400) return fail("out_of_range");
        i++;
      }
      if (i === expStart) return fail("syntax");
      if (expNegative) exponent = -exponent;
    }
  }
  if (i !== n) return fail("syntax");
  return decimalToMillis(negative, s.slice(intStart, intEnd), s.slice(fracStart, fracEnd), shift + exponent);
}

/**
 * Unix epoch in the given unit, from a JSON number or numeric string.
 * Like Panther: unix_ms/unix_us/unix_ns take integers only, unix (seconds) takes fractions.
 */
export function parseUnix(value: unknown, format: Exclude<TimeFormat, "rfc3339">): number {
  const shift = UNIX_SCALE[format];
  const allowFraction = format === "unix";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return fail("syntax");
    if (Number.isSafeInteger(value)) {
      if (shift === 0) return inRange(value);
      if (shift > 0) return inRange(value * 1000);
      return inRange(Math.floor(value / 10 ** -shift));
    }
    if (!allowFraction && !Number.isInteger(value)) return fail("syntax");
    // Unsafe integers (nanoseconds) and fractions: the shortest round-trip decimal is the
    // number the sender wrote, so re-reading it exactly beats float multiplication.
    return parseNumericText(String(value), shift, true);
  }
  if (typeof value === "string") return parseNumericText(value, shift, allowFraction);
  return fail("syntax");
}

const PAD2: string[] = Array.from({ length: 100 }, (_, i) => (i < 10 ? "0" : "") + i);
const PAD3: string[] = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, "0"));

/**
 * `YYYY-MM-DDTHH:mm:ss.sssZ`; callers guarantee ms is within the supported range.
 * Hand-rolled (Hinnant's civil_from_days) because Date#toISOString was a quarter of the
 * normalizer's time; tests check it against toISOString.
 */
export function formatTimestamp(ms: number): string {
  const days = Math.floor(ms / 86_400_000);
  let rem = ms - days * 86_400_000;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const hour = Math.floor(rem / 3_600_000);
  rem -= hour * 3_600_000;
  const minute = Math.floor(rem / 60_000);
  rem -= minute * 60_000;
  const second = Math.floor(rem / 1000);
  return (
    PAD2[Math.floor(year / 100)]! +
    PAD2[year % 100]! +
    "-" +
    PAD2[month]! +
    "-" +
    PAD2[day]! +
    "T" +
    PAD2[hour]! +
    ":" +
    PAD2[minute]! +
    ":" +
    PAD2[second]! +
    "." +
    PAD3[rem - second * 1000]! +
    "Z"
  );
}
