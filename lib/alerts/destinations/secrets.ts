import { type RotationReport, resealEach } from "@/lib/crypto/rotate";
import { openSecret, sealSecret } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db";

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

/** For the key rotation: re-seals every destination's URL and signing secret with the current key. */
export async function resealDestinationSecrets(): Promise<RotationReport> {
  const destinations = await db.alertDestination.findMany({
    select: { id: true, name: true, urlEncrypted: true, secretEncrypted: true },
  });
  return resealEach(
    destinations,
    (destination) => [destination.urlEncrypted, destination.secretEncrypted],
    async (destination) => {
      const secret = openDestinationSecret(destination);
      await db.alertDestination.update({
        where: { id: destination.id },
        data: {
          urlEncrypted: sealDestinationUrl(destination.id, openDestinationUrl(destination)),
          secretEncrypted: secret === null ? null : sealDestinationSecret(destination.id, secret),
        },
      });
    },
  );
}
