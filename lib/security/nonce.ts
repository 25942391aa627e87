import { headers } from "next/headers";
import { NONCE_HEADER } from "./headers";

/** This page request's Content-Security-Policy nonce (set by proxy.ts), for style elements libraries add later. */
export async function pageNonce(): Promise<string | undefined> {
  return (await headers()).get(NONCE_HEADER) ?? undefined;
}
