import { checkDestinationTarget, type HostResolver } from "@/lib/alerts/destinations/address-policy";
import { destinationUrlHint } from "@/lib/alerts/destinations/url-policy";
import { sealDestinationSecret, sealDestinationUrl } from "@/lib/alerts/destinations/secrets";
import { testPayload } from "@/lib/alerts/destinations/payload";
import { dispatchDeliveries, queueTestDelivery } from "@/lib/alerts/notify";
import { type DeliveryOutcome, deliveryOutcomeSelect } from "@/lib/alerts/service";
import { recordAudit } from "@/lib/audit/record";
import type { Actor } from "@/lib/auth/roles";
import { secretFingerprint } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { parseInput } from "@/lib/validation";
import {
  type CreateDestinationInput,
  createDestinationSchema,
  type DestinationIdInput,
  destinationIdSchema,
  type UpdateDestinationInput,
  updateDestinationSchema,
} from "./schemas";

/**
 * Where alerts are sent. Admins create, change, delete and test destinations (the actions
 * in ./actions check that); everyone signed in may see them. Reads never select the sealed URL or secret: the console
 * shows the URL's scheme and host (url_hint) and whether a secret is set, nothing more.
 */
/** On a destination, each delivery names its alert (none for a test). */
export type DeliveryLogEntry = DeliveryOutcome & { alert: { id: string; title: string } | null };

export type DestinationSummary = {
  id: string;
  name: string;
  type: string;
  urlHint: string;
  hasSecret: boolean;
  alertKinds: string[];
  minSeverity: string;
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
};

export type DestinationWithLog = DestinationSummary & { deliveries: DeliveryLogEntry[] };

const DELIVERY_LOG_SIZE = 20;

const summarySelect = {
  id: true,
  name: true,
  type: true,
  urlHint: true,
  secretEncrypted: true,
  alertKinds: true,
  minSeverity: true,
  enabled: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.AlertDestinationSelect;

type SummaryRow = Prisma.AlertDestinationGetPayload<{ select: typeof summarySelect }>;

function toSummary(row: SummaryRow): DestinationSummary {
  const { secretEncrypted, ...rest } = row;
  return { ...rest, hasSecret: secretEncrypted !== null };
}

const deliverySelect = {
  ...deliveryOutcomeSelect,
  alert: { select: { id: true, title: true } },
} satisfies Prisma.AlertDeliverySelect;

/** What the audit trail records of a destination: fingerprints, never the URL or secret themselves. */
function auditView(
  row: { name: string; type: string; alertKinds: string[]; minSeverity: string; enabled: boolean },
  url: string | null,
  secret: string | null,
) {
  return {
    name: row.name,
    type: row.type,
    alertKinds: row.alertKinds,
    minSeverity: row.minSeverity,
    enabled: row.enabled,
    url: url === null ? null : secretFingerprint(`destination-url:${url}`),
    signingSecret: secret === null ? null : secretFingerprint(`destination-secret:${secret}`),
  };
}

async function assertNameFree(name: string, exceptId?: string): Promise<void> {
  const taken = await db.alertDestination.findFirst({
    where: { name: { equals: name, mode: "insensitive" }, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { id: true },
  });
  if (taken) {
    const message = "A destination with this name already exists. Choose another name.";
    throw new ConflictError(message, { name: message });
  }
}

/**
 * Refuses a URL whose host is internal (address-policy.ts). A host that does not resolve
 * (yet) is saved: there is no address to judge, and every send checks again.
 */
async function assertTargetAllowed(url: string, resolve: HostResolver | undefined): Promise<void> {
  const check = await checkDestinationTarget(new URL(url), { resolve });
  if (!check.ok && check.reason === "refused") throw new ValidationError(check.message, { url: check.message });
}

/** `resolve` replaces DNS for tests that need answers a real resolver cannot give; the console passes none. */
type SaveOptions = { resolve?: HostResolver };

export async function createDestination(
  actor: Actor,
  raw: CreateDestinationInput,
  options: SaveOptions = {},
): Promise<DestinationSummary> {
  const input = parseInput(createDestinationSchema, raw);
  await assertNameFree(input.name);
  await assertTargetAllowed(input.url, options.resolve);
  const id = crypto.randomUUID();
  const secret = input.type === "webhook" && input.secret !== "" ? input.secret : null;
  return db.$transaction(async (tx) => {
    const row = await tx.alertDestination.create({
      data: {
        id,
        name: input.name,
        type: input.type,
        urlEncrypted: sealDestinationUrl(id, input.url),
        urlHint: destinationUrlHint(input.url),
        secretEncrypted: secret ? sealDestinationSecret(id, secret) : null,
        alertKinds: input.alertKinds,
        minSeverity: input.minSeverity,
        enabled: input.enabled,
      },
      select: summarySelect,
    });
    await recordAudit(
      {
        actor,
        action: "destination.created",
        target: { type: "alert_destination", id, label: row.name },
        after: auditView(row, input.url, secret),
      },
      tx,
    );
    return toSummary(row);
  });
}

export async function updateDestination(
  actor: Actor,
  raw: UpdateDestinationInput,
  options: SaveOptions = {},
): Promise<DestinationSummary> {
  const input = parseInput(updateDestinationSchema, raw);
  const current = await db.alertDestination.findUnique({ where: { id: input.destinationId } });
  if (!current) throw new NotFoundError("This destination does not exist (it may have been deleted).");
  await assertNameFree(input.name, current.id);
  const newUrl = input.url === "" ? null : input.url;
  if (newUrl) await assertTargetAllowed(newUrl, options.resolve);
  const newSecret = current.type === "webhook" && input.secret !== "" ? input.secret : null;
  const clearSecret = input.clearSecret && newSecret === null;
  return db.$transaction(async (tx) => {
    const row = await tx.alertDestination.update({
      where: { id: current.id },
      data: {
        name: input.name,
        alertKinds: input.alertKinds,
        minSeverity: input.minSeverity,
        enabled: input.enabled,
        ...(newUrl
          ? { urlEncrypted: sealDestinationUrl(current.id, newUrl), urlHint: destinationUrlHint(newUrl) }
          : {}),
        ...(newSecret
          ? { secretEncrypted: sealDestinationSecret(current.id, newSecret) }
          : clearSecret
            ? { secretEncrypted: null }
            : {}),
      },
      select: summarySelect,
    });
    // Unchanged URL/secret get the same stand-in on both sides, so the diff leaves them out.
    const before = auditView(current, "unchanged", current.secretEncrypted ? "unchanged" : null);
    const after = auditView(row, newUrl ?? "unchanged", newSecret ?? (row.secretEncrypted ? "unchanged" : null));
    await recordAudit(
      {
        actor,
        action: "destination.updated",
        target: { type: "alert_destination", id: row.id, label: row.name },
        before,
        after,
      },
      tx,
    );
    return toSummary(row);
  });
}

export async function deleteDestination(actor: Actor, raw: DestinationIdInput): Promise<{ id: string; name: string }> {
  const { destinationId } = parseInput(destinationIdSchema, raw);
  return db.$transaction(async (tx) => {
    const current = await tx.alertDestination.findUnique({ where: { id: destinationId } });
    if (!current) throw new NotFoundError("This destination does not exist (it may have been deleted).");
    await tx.alertDestination.delete({ where: { id: destinationId } });
    await recordAudit(
      {
        actor,
        action: "destination.deleted",
        target: { type: "alert_destination", id: current.id, label: current.name },
        before: auditView(current, "set", current.secretEncrypted ? "set" : null),
      },
      tx,
    );
    return { id: current.id, name: current.name };
  });
}

/** Every destination with its latest deliveries (the delivery log). */
export async function listDestinations(options: { deliveries?: number } = {}): Promise<DestinationWithLog[]> {
  const rows = await db.alertDestination.findMany({
    orderBy: [{ name: "asc" }, { id: "asc" }],
    select: {
      ...summarySelect,
      deliveries: {
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: options.deliveries ?? DELIVERY_LOG_SIZE,
        select: deliverySelect,
      },
    },
  });
  return rows.map(({ deliveries, ...row }) => ({ ...toSummary(row), deliveries }));
}

export async function getDestination(destinationId: string): Promise<DestinationSummary> {
  const parsed = destinationIdSchema.safeParse({ destinationId });
  const row = parsed.success
    ? await db.alertDestination.findUnique({ where: { id: parsed.data.destinationId }, select: summarySelect })
    : null;
  if (!row) throw new NotFoundError("This destination does not exist (it may have been deleted).");
  return toSummary(row);
}

export async function listDeliveries(
  destinationId: string,
  options: { take?: number } = {},
): Promise<DeliveryLogEntry[]> {
  await getDestination(destinationId);
  return db.alertDelivery.findMany({
    where: { destinationId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.min(options.take ?? DELIVERY_LOG_SIZE, 500),
    select: deliverySelect,
  });
}

/** Send test: a test payload through the same queue, retries and log as real alerts. */
export async function sendTestDelivery(actor: Actor, raw: DestinationIdInput): Promise<{ deliveryId: string }> {
  const { destinationId } = parseInput(destinationIdSchema, raw);
  const deliveryId = await db.$transaction(async (tx) => {
    const destination = await tx.alertDestination.findUnique({
      where: { id: destinationId },
      select: { id: true, name: true, type: true },
    });
    if (!destination) throw new NotFoundError("This destination does not exist (it may have been deleted).");
    const id = await queueTestDelivery(tx, destination.id, testPayload(destination.name, new Date()));
    await recordAudit(
      {
        actor,
        action: "destination.test_sent",
        target: { type: "alert_destination", id: destination.id, label: destination.name },
        after: { deliveryId: id, type: destination.type },
      },
      tx,
    );
    return id;
  });
  await dispatchDeliveries([deliveryId]);
  return { deliveryId };
}
