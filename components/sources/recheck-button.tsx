"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { recheckCredentialsAction } from "@/lib/sources/actions/recheck-credentials";

const OUTCOME: Record<string, string> = {
  ok: "Rapid7 accepts the key and it can read the audit logs.",
  invalid: "Rapid7 rejects the key.",
  forbidden: "The key may not read audit logs.",
  missing_logs: "The key works, but this source's audit logs no longer exist.",
  unavailable: "Rapid7 could not be asked right now; nothing changed.",
};

export function RecheckButton({ sourceId }: { sourceId: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [message, setMessage] = useState("");
  return (
    <div className="flex items-center gap-3">
      <span role="status" className="text-xs text-slate-300">{message}</span>
      <Button
        variant="secondary"
        loading={pending}
        onClick={() =>
          start(async () => {
            const result = await recheckCredentialsAction({ sourceId });
            setMessage(result.ok ? (OUTCOME[result.data.status] ?? result.data.status) : result.error.message);
            router.refresh();
          })
        }
      >
        Re-check now
      </Button>
    </div>
  );
}
