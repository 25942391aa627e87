"use client";

import { ActionButton } from "@/components/ui/action-button";
import { recheckCredentialsAction } from "@/lib/sources/actions/recheck-credentials";

const OUTCOME: Record<string, string> = {
  ok: "Rapid7 accepts the key and it can read the audit logs.",
  invalid: "Rapid7 rejects the key.",
  forbidden: "The key may not read audit logs.",
  missing_logs: "The key works, but this source's audit logs no longer exist.",
  unavailable: "Rapid7 could not be asked right now; nothing changed.",
};

export function RecheckButton({ sourceId }: { sourceId: string }) {
  return (
    <ActionButton
      label="Re-check now"
      run={() => recheckCredentialsAction({ sourceId })}
      describe={(data) => OUTCOME[data.status] ?? data.status}
    />
  );
}
