import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HostResolver, ResolvedAddress } from "@/lib/alerts/destinations/address-policy";
import { attemptDelivery } from "@/lib/alerts/destinations/deliver";
import type { Actor } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import { createDestination, sendTestDelivery, updateDestination } from "@/lib/destinations/service";
import { stopQueueSender } from "@/lib/queue/enqueue";
import { createLogger } from "@/lib/logger";
import { createActor } from "../helpers/actors";
import { useTestDatabase } from "../helpers/database";
import { allowDestinationHosts } from "../helpers/destination-hosts";
import { Receiver } from "../helpers/webhook-receiver";

/**
 * Alert destinations cannot reach the network Intake runs in (SSRF): a host that is, or
 * resolves to, a private, loopback, link-local, unique-local, CGNAT or metadata address
 * is refused on save and again before every send, unless the operator allows it by name;
 * the send connects to the very addresses it checked; the delivery log shows a status
 * and a short reason, never what the receiver answered.
 *
 * Nothing here sends a request off this machine. Public-looking answers use the
 * documentation ranges (203.0.113.0/24, 2001:db8::/32) and are only ever judged, never
 * connected to. Where a test needs DNS answers this machine's resolver cannot give (a
 * host that resolves to a public address at save and to loopback at send, which is what
 * DNS rebinding looks like), it passes its own resolver to the service at the module
 * boundary; every other check uses the system resolver.
 */

let admin: Actor;
let receiver: Receiver;
const log = createLogger({ test: "destination-address-policy" });
const run = Math.random().toString(36).slice(2, 8);
let counter = 0;
const unique = (name: string) => `${name} ${run}-${++counter}`;

beforeAll(async () => {
  await useTestDatabase();
  admin = await createActor("ADMIN");
  receiver = new Receiver();
  await receiver.start();
});
afterAll(async () => {
  await stopQueueSender();
  await receiver.stop();
  allowDestinationHosts([]);
});

const port = () => new URL(receiver.origin).port;
const v4 = (address: string): ResolvedAddress => ({ address, family: 4 });
const answers =
  (...addresses: ResolvedAddress[]): HostResolver =>
  async () =>
    addresses;
const createHook = (url: string, resolve?: HostResolver) =>
  createDestination(admin, { name: unique("Hook"), type: "webhook", url, enabled: false }, { resolve });

/** A test notification to the destination, attempted once (no worker runs in this file). */
async function attemptTest(destinationId: string, resolve?: HostResolver) {
  const { deliveryId } = await sendTestDelivery(admin, { destinationId });
  const result = await attemptDelivery(deliveryId, { log, resolve });
  return { result, row: await db.alertDelivery.findUniqueOrThrow({ where: { id: deliveryId } }) };
}

const INTERNAL = expect.stringContaining("resolves to a private, loopback, link-local or cloud metadata address");

describe("on save", () => {
  it("refuses hosts that are or resolve to internal addresses, in every notation", async () => {
    allowDestinationHosts([]);
    const refused = [
      "https://localhost/hook", // resolved by this machine to 127.0.0.1
      "https://LOCALHOST.:8443/hook",
      "https://intake.localhost/hook",
      "https://127.0.0.1:8443/hook",
      "https://127.9.9.9/hook",
      "https://2130706433/hook", // 127.0.0.1 as one number
      "https://0x7f.1/hook",
      "https://0.0.0.0/hook",
      "https://[::1]/hook",
      "https://[::ffff:127.0.0.1]/hook",
      "https://[::ffff:a9fe:a9fe]/hook",
      "https://10.0.0.5/hook",
      "https://172.16.3.4/hook",
      "https://172.31.255.255/hook",
      "https://192.168.1.1/hook",
      "https://100.64.0.1/hook",
      "https://169.254.169.254/latest/meta-data/",
      "https://metadata.google.internal/computeMetadata/v1/",
      "https://[fd00:ec2::254]/latest/meta-data/",
      "https://[fc00::1]/hook",
      "https://[fe80::1]/hook",
      "https://224.0.0.1/hook",
      "https://[ff02::1]/hook",
      "https://[64:ff9b::a9fe:a9fe]/hook", // 169.254.169.254 through NAT64
    ];
    for (const url of refused) {
      await expect(createHook(url), url).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { url: INTERNAL } });
    }
    await expect(createHook(`http://127.0.0.1:${port()}/hook`)).rejects.toMatchObject({
      code: "VALIDATION",
      fieldErrors: { url: expect.stringMatching(/^Use https:\/\//) },
    });
    expect(await db.alertDestination.count({ where: { name: { startsWith: "Hook " } } })).toBe(0);
  });

  it("refuses a host when any one of its addresses is internal", async () => {
    allowDestinationHosts([]);
    await expect(
      createHook("https://mixed.test/hook", answers(v4("203.0.113.10"), v4("10.1.2.3"))),
    ).rejects.toMatchObject({ fieldErrors: { url: INTERNAL } });
    await expect(
      createHook("https://mapped.test/hook", answers({ address: "::ffff:192.168.0.10", family: 6 })),
    ).rejects.toMatchObject({ fieldErrors: { url: INTERNAL } });
    await expect(
      createHook("https://public.test/hook", answers(v4("203.0.113.10"), { address: "2001:db8::10", family: 6 })),
    ).resolves.toMatchObject({ urlHint: "https://public.test" });
    await expect(createHook("https://203.0.113.10/hook")).resolves.toMatchObject({ urlHint: "https://203.0.113.10" });
  });

  it("checks a changed URL too, and keeps the stored one when the change is refused", async () => {
    allowDestinationHosts([]);
    const hook = await createHook("https://public.test/hook", answers(v4("203.0.113.10")));
    const before = await db.alertDestination.findUniqueOrThrow({ where: { id: hook.id } });
    await expect(
      updateDestination(admin, {
        destinationId: hook.id,
        name: hook.name,
        url: "https://169.254.169.254/latest/",
        enabled: false,
      }),
    ).rejects.toMatchObject({
      fieldErrors: { url: INTERNAL },
    });
    expect(await db.alertDestination.findUniqueOrThrow({ where: { id: hook.id } })).toEqual(before);
  });

  it("accepts internal hosts the operator allows by name, over http:// as well", async () => {
    allowDestinationHosts(["localhost", "10.0.4.20", "::1"]);
    await expect(createHook(`http://localhost:${port()}/hook`)).resolves.toMatchObject({
      urlHint: `http://localhost:${port()}`,
    });
    await expect(createHook("https://10.0.4.20/hook")).resolves.toMatchObject({ urlHint: "https://10.0.4.20" });
    await expect(createHook("http://[::1]:8080/hook")).resolves.toMatchObject({ urlHint: "http://[::1]:8080" });
    // Only the named host: another name for the same machine is still refused.
    await expect(createHook("https://127.0.0.1/hook")).rejects.toMatchObject({ fieldErrors: { url: INTERNAL } });
  });
});

describe("on every send", () => {
  it("refuses a host the operator no longer allows, without connecting", async () => {
    allowDestinationHosts(["localhost", "127.0.0.1"]);
    const byName = await createHook(`https://localhost:${port()}/hooks/revoked-name`);
    const plain = await createHook(`http://127.0.0.1:${port()}/hooks/revoked-plain`);
    allowDestinationHosts([]);

    const first = await attemptTest(byName.id);
    expect(first.result).toMatchObject({ status: "failed", attempt: 1 });
    expect(first.row).toMatchObject({
      status: "failed",
      attempts: 1,
      responseStatus: null,
      lastError: expect.stringMatching(/^localhost resolves to a private, loopback/),
    });
    const second = await attemptTest(plain.id);
    expect(second.row).toMatchObject({
      status: "failed",
      attempts: 1,
      responseStatus: null,
      lastError: expect.stringMatching(/^Use https:\/\//),
    });
    expect(receiver.to("/hooks/revoked-name")).toHaveLength(0);
    expect(receiver.to("/hooks/revoked-plain")).toHaveLength(0);
  });

  it("refuses a host whose DNS answer turned internal after it was saved (DNS rebinding)", async () => {
    allowDestinationHosts([]);
    const hook = await createHook(`https://rebind.test:${port()}/hooks/rebind`, answers(v4("203.0.113.10")));
    for (const atSend of [
      answers(v4("127.0.0.1")),
      answers(v4("203.0.113.10"), v4("127.0.0.1")),
      answers({ address: "::ffff:127.0.0.1", family: 6 }),
    ]) {
      const { row } = await attemptTest(hook.id, atSend);
      expect(row).toMatchObject({ status: "failed", attempts: 1, responseStatus: null, lastError: INTERNAL });
    }
    expect(receiver.to("/hooks/rebind")).toHaveLength(0);
  });

  it("connects to exactly the address it checked, resolving the host once per attempt", async () => {
    // pinned.test is allowed, so its loopback address passes; this machine's resolver has
    // never heard of the name, so the request can only arrive if the connection used the
    // address the check looked up, not a second lookup of its own.
    allowDestinationHosts(["pinned.test"]);
    const lookups: string[] = [];
    const pinned: HostResolver = async (hostname) => {
      lookups.push(hostname);
      return [v4("127.0.0.1")];
    };
    const hook = await createHook(`http://pinned.test:${port()}/hooks/pinned`, pinned);
    lookups.length = 0;
    const { row } = await attemptTest(hook.id, pinned);
    expect(row).toMatchObject({ status: "delivered", attempts: 1, responseStatus: 200, lastError: null });
    expect(lookups).toEqual(["pinned.test"]);
    const [request, ...others] = receiver.to("/hooks/pinned");
    expect(others).toHaveLength(0);
    expect(request!.headers.host).toBe(`pinned.test:${port()}`);
  });

  it("a host that does not resolve is retried, with the reason and nothing else", async () => {
    allowDestinationHosts([]);
    const hook = await createHook("https://intake-no-such-host.invalid/hook");
    const { result, row } = await attemptTest(hook.id);
    expect(result).toMatchObject({ status: "retry", attempt: 1 });
    expect(row).toMatchObject({
      status: "pending",
      responseStatus: null,
      lastError: expect.stringMatching(/^The host name intake-no-such-host\.invalid does not resolve/),
    });
  });
});

describe("the delivery log", () => {
  it("shows the status and a short reason, never the receiver's answer", async () => {
    allowDestinationHosts(["127.0.0.1"]);
    const leak = "root:x:0:0:root:/root:/bin/bash internal-banner-7731";
    const cases = [
      { path: "/hooks/leak-500", status: 500, error: "The destination answered HTTP 500." },
      {
        path: "/hooks/leak-403",
        status: 403,
        error: "The destination answered HTTP 403. Not retried: check the URL and the receiver.",
      },
      {
        path: "/hooks/leak-301",
        status: 301,
        error:
          "The destination answered with a redirect (HTTP 301). Intake does not follow redirects: use the final URL.",
      },
    ];
    for (const { path, status, error } of cases) {
      const hook = await createHook(
        receiver.script(path, [{ status, headers: { location: `${receiver.origin}/hooks/elsewhere` }, body: leak }]),
      );
      const { row } = await attemptTest(hook.id);
      expect(row).toMatchObject({ responseStatus: status, lastError: error });
    }
    expect(receiver.to("/hooks/elsewhere")).toHaveLength(0);
    const stored = JSON.stringify(await db.alertDelivery.findMany({ select: { lastError: true } }));
    expect(stored).not.toContain("internal-banner");
  });
});
