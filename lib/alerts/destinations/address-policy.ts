import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { env } from "@/lib/env";

/**
 * Where Intake may send alerts (server only; url-policy.ts has the syntax rules the form
 * shares). An admin types the URL, so without this a destination could reach the
 * network Intake runs in: cloud metadata services, databases, admin consoles on
 * loopback. The host is resolved and refused when ANY of its addresses is internal,
 * when the destination is saved and again before every send, and the send then
 * connects to exactly the addresses that were checked (http.ts pins them), so a DNS
 * answer that changes between the check and the connection (DNS rebinding) is never
 * used. Operators name the internal receivers they trust in
 * INTAKE_DESTINATION_ALLOWED_HOSTS; only those may also use plain http://.
 */
export type ResolvedAddress = { address: string; family: 4 | 6 };

/** Resolves a host name to every address it has. Injected by tests that need DNS answers no real resolver gives (rebinding). */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

const systemResolver: HostResolver = async (hostname) => {
  const answers = await lookup(hostname, { all: true, verbatim: true });
  return answers.map((answer) => ({ address: answer.address, family: answer.family === 6 ? 6 : 4 }));
};

const INTERNAL_V4 = [
  ["0.0.0.0", 8], // "this network"; 0.0.0.0 reaches the local machine
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT (also Alibaba Cloud's metadata, 100.100.100.200)
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, incl. the AWS/GCP/Azure metadata service 169.254.169.254
  ["172.16.0.0", 12],
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.168.0.0", 16],
  ["198.18.0.0", 15], // benchmarking
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, incl. broadcast
] as const;

const INTERNAL_V6 = [
  ["::", 128], // unspecified
  ["::1", 128],
  ["::", 96], // IPv4-compatible (deprecated)
  ["64:ff9b:1::", 48], // local-use NAT64
  ["100::", 64], // discard-only
  ["fc00::", 7], // unique-local, incl. AWS's metadata fd00:ec2::254
  ["fe80::", 10], // link-local
  ["fec0::", 10], // site-local (deprecated)
  ["ff00::", 8], // multicast
] as const;

const internal = new BlockList();
for (const [network, prefix] of INTERNAL_V4) {
  internal.addSubnet(network, prefix, "ipv4");
  // The same ranges behind a NAT64 gateway (64:ff9b::a.b.c.d reaches a.b.c.d) or a 6to4 relay (2002:aabb:ccdd::).
  const [a = 0, b = 0, c = 0, d = 0] = network.split(".").map(Number);
  const groups = `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  internal.addSubnet(`64:ff9b::${groups}`, 96 + prefix, "ipv6");
  internal.addSubnet(`2002:${groups}::`, 16 + prefix, "ipv6");
}
for (const [network, prefix] of INTERNAL_V6) internal.addSubnet(network, prefix, "ipv6");

/** Names that are internal whatever DNS says (RFC 6761 localhost, cloud metadata names). */
function isInternalName(host: string): boolean {
  return (
    host === "localhost" || host.endsWith(".localhost") || host === "metadata.google.internal" || host === "metadata"
  );
}

/** Whether an IP address is private, loopback, link-local, unique-local, CGNAT, multicast, reserved or metadata, in any notation (IPv4-mapped IPv6 included). */
function isInternalAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return internal.check(address, "ipv4");
  if (family !== 6) return true;
  // BlockList matches IPv4-mapped forms (::ffff:10.0.0.1) against the IPv4 ranges itself.
  return internal.check(address, "ipv6");
}

/** The host as compared with the allow-list: lower case, IPv6 without brackets, no trailing dot. */
function bareHost(hostname: string): string {
  return hostname
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/\.$/, "");
}

function canonical(host: string): string {
  return isIP(host) === 6 ? new URL(`http://[${host}]`).hostname.slice(1, -1) : host;
}

function isAllowedHost(
  hostname: string,
  allowedHosts: readonly string[] = env().INTAKE_DESTINATION_ALLOWED_HOSTS,
): boolean {
  const host = canonical(bareHost(hostname));
  return allowedHosts.some((entry) => canonical(entry) === host);
}

export type TargetCheck =
  { ok: true; addresses: ResolvedAddress[] } | { ok: false; reason: "refused" | "unresolved"; message: string };

const INTERNAL_ADDRESS_MESSAGE =
  "resolves to a private, loopback, link-local or cloud metadata address. Intake sends alerts only to public addresses; an operator can allow an internal receiver by its host name in INTAKE_DESTINATION_ALLOWED_HOSTS.";

const PLAIN_HTTP_MESSAGE =
  "Use https://. Plain http:// is accepted only for hosts the operator allows in INTAKE_DESTINATION_ALLOWED_HOSTS.";

/**
 * Resolves the URL's host and judges every address. Allowed hosts skip the address
 * rules but are resolved all the same, so every send connects to what was looked up here.
 */
export async function checkDestinationTarget(
  url: URL,
  options: { resolve?: HostResolver; allowedHosts?: readonly string[] } = {},
): Promise<TargetCheck> {
  const host = bareHost(url.hostname);
  const allowed = isAllowedHost(host, options.allowedHosts);
  const refused = { ok: false, reason: "refused" } as const;
  if (url.protocol === "http:" && !allowed) return { ...refused, message: PLAIN_HTTP_MESSAGE };
  if (!allowed && isInternalName(host)) return { ...refused, message: `${host} ${INTERNAL_ADDRESS_MESSAGE}` };

  const family = isIP(host);
  let addresses: ResolvedAddress[];
  if (family !== 0) {
    addresses = [{ address: host, family: family === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = await (options.resolve ?? systemResolver)(host);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      return {
        ok: false,
        reason: "unresolved",
        message: `The host name ${host} does not resolve${typeof code === "string" && /^[A-Z_]+$/.test(code) ? ` (${code})` : ""}.`,
      };
    }
    if (addresses.length === 0)
      return { ok: false, reason: "unresolved", message: `The host name ${host} does not resolve.` };
  }
  if (!allowed && addresses.some((entry) => isInternalAddress(entry.address)))
    return { ...refused, message: `${host} ${INTERNAL_ADDRESS_MESSAGE}` };
  return { ok: true, addresses };
}
