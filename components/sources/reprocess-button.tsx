"use client";

import { ActionButton } from "@/components/ui/action-button";
import { reprocessFailuresAction } from "@/lib/failures/actions/reprocess-failures";

export function ReprocessButton({ sourceId }: { sourceId: string }) {
  return (
    <ActionButton
      label="Re-process all"
      pendingLabel="Re-processing…"
      run={() => reprocessFailuresAction({ sourceId })}
      describe={(data) => `${data.reprocessed} now parse and were stored; ${data.stillFailing} still fail.`}
    />
  );
}
