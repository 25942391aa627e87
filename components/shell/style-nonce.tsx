"use client";

import { setNonce } from "get-nonce";

/**
 * Hands the page's CSP nonce to the style elements Radix dialogs add while open (their
 * scroll lock); without it the policy refuses them. Set during render, before any dialog opens.
 */
export function StyleNonce({ nonce }: { nonce: string | undefined }) {
  if (nonce) setNonce(nonce);
  return null;
}
