"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { reopenAlertAction } from "@/lib/alerts/actions/reopen-alert";
import { resolveAlertAction } from "@/lib/alerts/actions/resolve-alert";
import { RESOLUTION_NOTE_MAX } from "@/lib/alerts/schemas";

/** Resolve (with an optional note) or reopen, for admins. The page shows who did it and when once it refreshes. */
export function AlertActions({ alertId, status }: { alertId: string; status: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [resolving, setResolving] = useState(false);
  const [note, setNote] = useState("");

  const run = (action: () => Promise<{ ok: true } | { ok: false; error: { message: string } }>) => {
    setError(null);
    startTransition(async () => {
      const result = await action();
      if (!result.ok) setError(result.error.message);
      else {
        setResolving(false);
        setNote("");
      }
      router.refresh();
    });
  };

  if (status !== "open") {
    return (
      <div className="flex flex-col items-end gap-2">
        <Button variant="secondary" loading={pending} onClick={() => run(() => reopenAlertAction({ alertId }))}>
          Reopen
        </Button>
        {error ? <Callout tone="error">{error}</Callout> : null}
      </div>
    );
  }

  if (!resolving) {
    return (
      <Button onClick={() => setResolving(true)} aria-expanded={false}>
        Resolve
      </Button>
    );
  }

  return (
    <form
      className="w-full max-w-md space-y-2 rounded-lg border border-line bg-panel p-4"
      onSubmit={(event) => {
        event.preventDefault();
        run(() => resolveAlertAction({ alertId, note }));
      }}
    >
      <label htmlFor="resolution-note" className="block text-sm font-medium text-slate-200">
        Resolution note (optional)
      </label>
      <textarea
        id="resolution-note"
        value={note}
        onChange={(event) => setNote(event.target.value)}
        maxLength={RESOLUTION_NOTE_MAX}
        rows={3}
        placeholder="What was done, or why no action is needed"
        className="block w-full rounded-md border border-line bg-canvas px-3 py-2 text-sm text-slate-100 placeholder:text-slate-500 focus:border-accent focus:outline-none"
      />
      {error ? <Callout tone="error">{error}</Callout> : null}
      <div className="flex items-center gap-2">
        <Button type="submit" loading={pending}>
          {pending ? "Resolving…" : "Resolve alert"}
        </Button>
        <Button variant="ghost" onClick={() => setResolving(false)} disabled={pending}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
