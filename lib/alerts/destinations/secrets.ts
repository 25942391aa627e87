import { openSecret, sealSecret } from "@/lib/crypto/secret-box";

/**
 * A destination's URL (for Slack, the URL is the credential) and its webhook signing
 * secret are sealed like API keys, bound to the destination's id and to which field they
 * are, so neither opens on another row or in the other column.
 */
const urlContext = (destinationId: string) => `alert_destination:${destinationId}:url`;
const secretContext = (destinationId: string) => `alert_destination:${destinationId}:secret`;

export function sealDestinationUrl(destinationId: string, url: string): string {
  return sealSecret(url, urlContext(destinationId));
}

export function openDestinationUrl(destination: { id: string; urlEncrypted: string }): string {
  return openSecret(destination.urlEncrypted, urlContext(destination.id));
}

export function sealDestinationSecret(destinationId: string, secret: string): string {
  return sealSecret(secret, secretContext(destinationId));
}

export function openDestinationSecret(destination: { id: string; secretEncrypted: string | null }): string | null {
  return destination.secretEncrypted === null
    ? null
    : openSecret(destination.secretEncrypted, secretContext(destination.id));
}
