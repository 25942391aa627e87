/** Panther's p_any_* fields; pure data, so browser code can use it without the normalizer. */

/** Output order of the p_any_* fields in a normalized record. */
export const P_ANY_FIELDS = [
  "p_any_ip_addresses",
  "p_any_domain_names",
  "p_any_emails",
  "p_any_usernames",
  "p_any_md5_hashes",
  "p_any_sha1_hashes",
  "p_any_sha256_hashes",
  "p_any_trace_ids",
  "p_any_aws_arns",
  "p_any_aws_account_ids",
  "p_any_aws_instance_ids",
  "p_any_aws_tags",
  "p_any_mac_addresses",
  "p_any_serial_numbers",
] as const;
export type PAnyField = (typeof P_ANY_FIELDS)[number];
