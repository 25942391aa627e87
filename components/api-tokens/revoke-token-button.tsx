"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { revokeApiTokenAction } from "@/lib/api-tokens/actions/revoke-api-token";

/** Revoke asks first, in place: what stops working, then a second, explicit click. */
export function RevokeTokenButton({ tokenId, name, prefix }: { tokenId: string; name: string; prefix: string }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const revoke = () => {
    setError(null);
    startTransition(async () => {
      const result = await revokeApiTokenAction({ tokenId });
      if (!result.ok) {
        setError(result.error.message);
        return;
      }
      setConfirming(false);
      router.refresh();
    });
  };

  if (!confirming) {
    return (
      <Button variant="ghost" size="sm" onClick={() => setConfirming(true)} aria-label={`Revoke ${name}`}>
        Revoke
      </Button>
    );
  }
  return (
    <div role="group" aria-label={`Confirm revoking ${name}`} className="flex flex-col items-end gap-2">
      <p className="max-w-xs text-right text-xs text-slate-300">
        Revoke <span className="font-mono">{prefix}…</span>? Anything using it gets 401 from its next request. This
        cannot be undone.
      </p>
      <div className="flex items-center gap-2">
        <Button variant="ghost" size="sm" onClick={() => setConfirming(false)} disabled={pending}>
          Cancel
        </Button>
        <Button variant="danger" size="sm" onClick={revoke} loading={pending}>
          Revoke token
        </Button>
      </div>
      {error ? (
        <p role="alert" className="max-w-xs text-right text-xs text-rose-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}
