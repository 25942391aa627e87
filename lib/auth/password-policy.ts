import { COMMON_PASSWORDS } from "./common-passwords";

/**
 * What makes a password too easy to guess, beyond its length (the forms and the server
 * share this through lib/auth/schemas.ts). A password is refused when:
 * - it is on the bundled list of common passwords (lib/auth/common-passwords.ts), also once
 *   lower-cased, with the digits and symbols around it removed and common letter swaps
 *   undone ("P@ssw0rd2024!" is "password"), or as a repetition ("qwertyqwerty");
 * - it is one character repeated or a run like "123456789012" or "abcdefghijkl";
 * - it contains the account's email address, or the part before the @ (when 4 characters or more).
 * Each rule returns a message that says what to change.
 */
let commonPasswords: Set<string> | undefined;
function isCommon(candidate: string): boolean {
  commonPasswords ??= new Set(COMMON_PASSWORDS.split("\n"));
  return commonPasswords.has(candidate);
}

const LEET: Record<string, string> = {
  "0": "o",
  "1": "i",
  "3": "e",
  "4": "a",
  "5": "s",
  "7": "t",
  "@": "a",
  $: "s",
  "!": "i",
};

const core = (value: string) => value.replace(/^[^a-z]+|[^a-z]+$/g, "");
const unleet = (value: string) => value.replace(/[0134578@$!]/g, (char) => LEET[char] ?? char);

/** "qwertyqwerty" is "qwerty" said twice: the repeated unit, or the value itself. */
function repeatedUnit(value: string): string {
  for (let size = 1; size <= value.length / 2; size += 1) {
    if (value.length % size === 0 && value.slice(0, size).repeat(value.length / size) === value)
      return value.slice(0, size);
  }
  return value;
}

/** Most neighbouring characters equal or one apart: "aaaaaaaaaaaa", "123456789012", "abcdefghijkl". */
function isRun(value: string): boolean {
  let steps = 0;
  for (let index = 1; index < value.length; index += 1) {
    if (Math.abs(value.charCodeAt(index) - value.charCodeAt(index - 1)) <= 1) steps += 1;
  }
  return value.length > 1 && steps >= (value.length - 1) * 0.75;
}

export function passwordProblem(password: string, email?: string): string | null {
  const lower = password.toLowerCase();
  if (isRun(lower) || repeatedUnit(lower).length < 3) {
    return "This password is a simple run or repetition of characters. Use a few unrelated words or a password manager's suggestion.";
  }
  const stripped = core(lower);
  const candidates = [
    lower,
    stripped,
    unleet(stripped),
    core(unleet(lower)),
    repeatedUnit(stripped),
    repeatedUnit(core(unleet(lower))),
  ];
  if (candidates.some((candidate) => candidate.length > 0 && isCommon(candidate))) {
    return "This password is too common: it is on a list of passwords attackers try first. Use a few unrelated words or a password manager's suggestion.";
  }
  const address = email?.trim().toLowerCase();
  if (address) {
    const local = address.split("@")[0] ?? "";
    const parts = [address, local].filter((part) => part.length >= 4);
    if (parts.some((part) => lower.includes(part)) || (local.length > 0 && stripped === local)) {
      return "This password contains your email address or its name part. Choose one that has nothing to do with your account.";
    }
  }
  return null;
}
