"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { reprocessFailuresAction } from "@/lib/failures/actions/reprocess-failures";

export function ReprocessButton({ sourceId }: { sourceId: string }) {
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
            const result = await reprocessFailuresAction({ sourceId });
            setMessage(result.ok ? `${result.data.reprocessed} now parse and were stored; ${result.data.stillFailing} still fail.` : result.error.message);
            router.refresh();
          })
        }
      >
        {pending ? "Re-processing…" : "Re-process all"}
      </Button>
    </div>
  );
}
