import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { secrets } from "@/lib/config/secrets";
import { ValidationError } from "@/lib/errors";
import type { ChainPosition } from "./verify";

/**
 * Where a step-by-step verification of the whole chain stands, handed to the browser
 * between steps. It is signed (HMAC with a key derived from the session secret) because
 * the final step records "the chain is intact through entry #N" for everyone to rely on:
 * a made-up position must not let anyone skip the entries they would rather not have
 * checked. Positions expire, so a verification left open for hours starts over.
 */
export const CONTINUATION_MAX_AGE_MS = 60 * 60_000;

const payloadSchema = z.object({
  afterId: z
    .string()
    .regex(/^\d{1,19}$/)
    .nullable(),
  expectedPrev: z.string().regex(/^[0-9a-f]{64}$/),
  checked: z.number().int().nonnegative(),
  issuedAt: z.number().int(),
});

function signingKey(): Buffer {
  return createHmac("sha256", secrets().authSecret).update("intake:audit-chain-verification").digest();
}

function mac(body: string): Buffer {
  return createHmac("sha256", signingKey()).update(body).digest();
}

export function sealContinuation(position: ChainPosition, now = Date.now()): string {
  const payload = {
    afterId: position.afterId?.toString() ?? null,
    expectedPrev: position.expectedPrev,
    checked: position.checked,
    issuedAt: now,
  };
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  return `${body}.${mac(body).toString("base64url")}`;
}

export function openContinuation(token: string, now = Date.now()): ChainPosition {
  const damaged = () =>
    new ValidationError("This verification's progress is damaged or out of date. Start it again.", {
      continuation: "Start the verification again.",
    });
  const [body, signature, ...rest] = token.split(".");
  if (!body || !signature || rest.length > 0) throw damaged();
  const given = Buffer.from(signature, "base64url");
  const expected = mac(body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw damaged();
  let payload: z.infer<typeof payloadSchema>;
  try {
    payload = payloadSchema.parse(JSON.parse(Buffer.from(body, "base64url").toString("utf8")));
  } catch {
    throw damaged();
  }
  if (now - payload.issuedAt > CONTINUATION_MAX_AGE_MS || payload.issuedAt > now + 60_000) throw damaged();
  return {
    afterId: payload.afterId === null ? null : BigInt(payload.afterId),
    expectedPrev: payload.expectedPrev,
    checked: payload.checked,
  };
}
