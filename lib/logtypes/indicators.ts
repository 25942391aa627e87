/**
 * Indicator kinds -> Panther `p_any_*` standard fields.
 *
 * Values are kept exactly as the record has them (no case folding), so a `p_any_emails` hit can
 * be found again in the record; only blank values are dropped. Kinds that Panther routes by
 * content (hostname, net_addr, url) go to IP addresses or domain names depending on the value.
 */
import { isIP } from "node:net";
import { P_ANY_FIELDS, type PAnyField } from "./standard-fields";
import type { IndicatorKind } from "./schema-definition";

export { P_ANY_FIELDS, type PAnyField };

const DIRECT: Partial<Record<IndicatorKind, PAnyField>> = {
  domain: "p_any_domain_names",
  email: "p_any_emails",
  username: "p_any_usernames",
  md5: "p_any_md5_hashes",
  sha1: "p_any_sha1_hashes",
  sha256: "p_any_sha256_hashes",
  trace_id: "p_any_trace_ids",
  aws_arn: "p_any_aws_arns",
  aws_account_id: "p_any_aws_account_ids",
  aws_instance_id: "p_any_aws_instance_ids",
  aws_tag: "p_any_aws_tags",
  mac: "p_any_mac_addresses",
  serial_number: "p_any_serial_numbers",
};

/** The p_any fields a kind can write to. */
export function targetsOf(kind: IndicatorKind): PAnyField[] {
  const direct = DIRECT[kind];
  if (direct) return [direct];
  if (kind === "ip") return ["p_any_ip_addresses"];
  return ["p_any_ip_addresses", "p_any_domain_names"];
}

/** Per-record indicator values, one list per p_any slot of the log type, allocated on first use. */
export type IndicatorLists = (string[] | undefined)[];

function add(lists: IndicatorLists, slot: number, value: string): void {
  const list = lists[slot];
  if (list === undefined) lists[slot] = [value];
  else list.push(value);
}

export type IndicatorCollector = (value: string, lists: IndicatorLists) => void;

/** Blank per String#trim (Unicode white space too); the printable-ASCII check skips trim's copy. */
function isBlank(s: string): boolean {
  if (s.length === 0) return true;
  const c = s.charCodeAt(0);
  if (c > 32 && c < 127) return false;
  return s.trim() === "";
}

function stripPort(host: string): string {
  if (host.startsWith("[")) {
    const end = host.indexOf("]");
    return end > 0 ? host.slice(1, end) : host;
  }
  const colon = host.indexOf(":");
  // More than one colon is a bare IPv6 address, not host:port.
  return colon > 0 && host.indexOf(":", colon + 1) === -1 ? host.slice(0, colon) : host;
}

function hostOfUrl(value: string): string | undefined {
  if (!URL.canParse(value)) return undefined;
  const host = new URL(value).hostname;
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
}

/**
 * Builds the collector for one string field: a closure with the slot numbers resolved, so the
 * per-record cost is a blank check and a push.
 */
export function compileIndicatorCollector(
  kinds: readonly IndicatorKind[],
  slotOf: (field: PAnyField) => number,
): IndicatorCollector | undefined {
  if (kinds.length === 0) return undefined;
  const steps = kinds.map((kind): IndicatorCollector => {
    const direct = DIRECT[kind];
    if (direct) {
      const slot = slotOf(direct);
      return (v, lists) => add(lists, slot, v);
    }
    const ipSlot = slotOf("p_any_ip_addresses");
    if (kind === "ip") {
      return (v, lists) => {
        const t = v.trim();
        if (isIP(t) !== 0) add(lists, ipSlot, t);
      };
    }
    const domainSlot = slotOf("p_any_domain_names");
    const route = (host: string, lists: IndicatorLists) => {
      if (host === "" || isBlank(host)) return;
      add(lists, isIP(host) !== 0 ? ipSlot : domainSlot, host);
    };
    if (kind === "url") {
      return (v, lists) => {
        const host = hostOfUrl(v.trim());
        if (host !== undefined) route(host, lists);
      };
    }
    if (kind === "net_addr") return (v, lists) => route(stripPort(v.trim()), lists);
    return (v, lists) => route(v.trim(), lists); // hostname
  });
  if (steps.length === 1) {
    const only = steps[0]!;
    return (v, lists) => {
      if (!isBlank(v)) only(v, lists);
    };
  }
  return (v, lists) => {
    if (isBlank(v)) return;
    for (let i = 0; i < steps.length; i++) steps[i]!(v, lists);
  };
}

/** Sorts (UTF-16 code unit order) and deduplicates in place. */
export function sortUnique(values: string[]): string[] {
  if (values.length < 2) return values;
  values.sort();
  let w = 1;
  for (let r = 1; r < values.length; r++) {
    if (values[r] !== values[w - 1]) values[w++] = values[r]!;
  }
  if (w < values.length) values.length = w;
  return values;
}
