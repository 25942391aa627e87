"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { resetUserPasswordAction } from "@/lib/users/actions/reset-user-password";
import { unlockUserAction } from "@/lib/users/actions/unlock-user";

/**
 * An admin's Reset password (asks to confirm, then shows the temporary password once) and,
 * while some address must wait to sign in to the account, Unlock.
 */
export function UserPasswordControls({
  userId,
  email,
  signInWaiting,
}: {
  userId: string;
  email: string;
  signInWaiting: boolean;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [confirming, setConfirming] = useState(false);
  const [temporaryPassword, setTemporaryPassword] = useState<string | null>(null);
  const [message, setMessage] = useState<{ tone: "error" | "status"; text: string } | null>(null);

  const reset = () =>
    startTransition(async () => {
      setConfirming(false);
      const result = await resetUserPasswordAction({ userId });
      if (result.ok) setTemporaryPassword(result.data.temporaryPassword);
      else setMessage({ tone: "error", text: result.error.message });
      router.refresh();
    });

  const unlock = () =>
    startTransition(async () => {
      const result = await unlockUserAction({ userId });
      setMessage(
        result.ok
          ? { tone: "status", text: `${email} can try to sign in again now.` }
          : { tone: "error", text: result.error.message },
      );
      router.refresh();
    });

  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex items-center gap-2">
        {signInWaiting ? (
          <Button
            variant="secondary"
            size="sm"
            disabled={pending}
            onClick={unlock}
            aria-label={`Unlock sign-in of ${email}`}
          >
            Unlock
          </Button>
        ) : null}
        {confirming ? (
          <>
            <Button
              variant="danger"
              size="sm"
              disabled={pending}
              onClick={reset}
              aria-label={`Confirm password reset of ${email}`}
            >
              Confirm reset
            </Button>
            <Button variant="ghost" size="sm" disabled={pending} onClick={() => setConfirming(false)}>
              Cancel
            </Button>
          </>
        ) : (
          <Button
            variant="ghost"
            size="sm"
            disabled={pending}
            onClick={() => setConfirming(true)}
            aria-label={`Reset password of ${email}`}
          >
            Reset password
          </Button>
        )}
      </div>
      {confirming ? (
        <p className="max-w-xs text-right text-xs text-amber-300">
          Their sessions end, and a temporary password replaces the current one.
        </p>
      ) : null}
      {temporaryPassword ? (
        <div
          role="status"
          className="max-w-xs rounded-md border border-amber-700/60 bg-amber-950/40 px-3 py-2 text-left text-xs text-amber-100"
        >
          <p>
            Temporary password for {email}, shown only now. Give it to them over a channel you trust; at sign-in they
            choose their own.
          </p>
          <code data-testid="temporary-password" className="mt-1 block select-all font-mono text-sm text-white">
            {temporaryPassword}
          </code>
        </div>
      ) : null}
      {message ? (
        <p
          role={message.tone === "error" ? "alert" : "status"}
          className={
            message.tone === "error"
              ? "max-w-xs text-right text-xs text-rose-400"
              : "max-w-xs text-right text-xs text-slate-300"
          }
        >
          {message.text}
        </p>
      ) : null}
    </div>
  );
}
