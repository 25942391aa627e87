import { BlockList, isIP } from "node:net";

/**
 * The address a request came from, for the per-address sign-in throttle and the audit
 * log. The web server stamps each request with its connection's address
 * (bin/launcher/peer-address.mjs); X-Forwarded-For is believed only when that connection
 * is a trusted reverse proxy (INTAKE_TRUSTED_PROXIES), and then only as far back as the
 * chain of trusted proxies goes: the first untrusted hop, read from the right, is the
 * client. A client that connects directly cannot choose its address by sending the header.
 */
export const PEER_ADDRESS_HEADER = "x-intake-peer-address";

type HeaderBag = Record<string, unknown> | Headers | undefined;

function header(headers: HeaderBag, name: string): string | undefined {
  if (!headers) return undefined;
  const value = headers instanceof Headers ? headers.get(name) : headers[name];
  if (Array.isArray(value)) return value.join(",");
  return typeof value === "string" ? value : undefined;
}

/** ::ffff:192.0.2.1 (an IPv4 client on a dual-stack socket) is 192.0.2.1. */
function normalize(address: string): string | undefined {
  const trimmed = address.trim();
  const unmapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed)?.[1] ?? trimmed;
  return isIP(unmapped) ? unmapped : undefined;
}

const blockLists = new Map<string, BlockList>();

function trustList(trusted: readonly string[]): BlockList {
  const key = trusted.join(",");
  let list = blockLists.get(key);
  if (!list) {
    list = new BlockList();
    for (const entry of trusted) {
      const [address = "", bits] = entry.split("/");
      const type = isIP(address) === 6 ? "ipv6" : "ipv4";
      if (bits === undefined) list.addAddress(address, type);
      else list.addSubnet(address, Number(bits), type);
    }
    blockLists.set(key, list);
  }
  return list;
}

function isTrusted(list: BlockList, address: string): boolean {
  return list.check(address, isIP(address) === 6 ? "ipv6" : "ipv4");
}

export function clientAddress(headers: HeaderBag, trusted: readonly string[]): string | undefined {
  const peer = normalize(header(headers, PEER_ADDRESS_HEADER) ?? "");
  // Not served through Intake's web server (e.g. `next dev`): the address is unknown,
  // and a header the client may have written is no substitute.
  if (!peer) return undefined;
  const list = trustList(trusted);
  if (!isTrusted(list, peer)) return peer;

  const forwarded = (header(headers, "x-forwarded-for") ?? "").split(",").filter((hop) => hop.trim() !== "");
  let client = peer;
  for (let index = forwarded.length - 1; index >= 0; index -= 1) {
    const hop = normalize(forwarded[index]!);
    // A malformed hop was not written by a proxy we trust: stop at the last address we can vouch for.
    if (!hop) return client;
    client = hop;
    if (!isTrusted(list, hop)) return hop;
  }
  if (forwarded.length === 0) {
    const real = normalize(header(headers, "x-real-ip") ?? "");
    if (real) return real;
  }
  return client;
}

/**
 * Whether the request's connection is from a trusted reverse proxy (INTAKE_TRUSTED_PROXIES),
 * so the X-Forwarded-* headers it wrote (the protocol the browser used, say) may be believed.
 */
export function fromTrustedProxy(headers: HeaderBag, trusted: readonly string[]): boolean {
  const peer = normalize(header(headers, PEER_ADDRESS_HEADER) ?? "");
  return peer !== undefined && isTrusted(trustList(trusted), peer);
}
