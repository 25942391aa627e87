import { resetEnvCache } from "@/lib/env";

/**
 * Sets the operator's allow-list of alert destination hosts (INTAKE_DESTINATION_ALLOWED_HOSTS)
 * for this test file: test receivers listen on loopback, which destinations may reach
 * only when the operator allows it, exactly as in production.
 */
export function allowDestinationHosts(hosts: readonly string[]): void {
  process.env.INTAKE_DESTINATION_ALLOWED_HOSTS = hosts.join(",");
  resetEnvCache();
}
