import { z } from "zod";
import { hasControlCharacters } from "@/lib/text/control-characters";

/** Shared by the create form (react-hook-form) and the server actions. */
export const API_TOKEN_PREFIX = "itk_";
/** `itk_` + 32 random bytes in base64url (43 characters). */
export const API_TOKEN_PATTERN = /^itk_[A-Za-z0-9_-]{43}$/;
/** What the list shows of a token: `itk_` and its first 8 random characters. */
export const API_TOKEN_DISPLAY_LENGTH = 12;
export const MAX_ACTIVE_TOKENS_PER_USER = 25;

export const API_TOKEN_EXPIRY_OPTIONS = [
  { value: "30", label: "30 days" },
  { value: "90", label: "90 days" },
  { value: "365", label: "1 year" },
  { value: "7", label: "7 days" },
  { value: "never", label: "No expiry" },
] as const;
export type ApiTokenExpiry = (typeof API_TOKEN_EXPIRY_OPTIONS)[number]["value"];

export const createApiTokenSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Name the token after what will use it, like “SIEM export”.")
    .max(100, "Use at most 100 characters.")
    .refine((value) => !hasControlCharacters(value), "Use letters, digits, spaces and punctuation only."),
  expiresIn: z.enum(["7", "30", "90", "365", "never"], { message: "Choose when the token expires." }),
});
export type CreateApiTokenInput = z.input<typeof createApiTokenSchema>;

export const revokeApiTokenSchema = z.object({
  tokenId: z.uuid("Unknown token."),
});
export type RevokeApiTokenInput = z.infer<typeof revokeApiTokenSchema>;

/** When a token created at `now` with this choice expires (null: never). */
export function expiryDate(expiresIn: ApiTokenExpiry, now = new Date()): Date | null {
  return expiresIn === "never" ? null : new Date(now.getTime() + Number(expiresIn) * 86_400_000);
}
