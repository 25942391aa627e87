"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button, buttonClasses } from "@/components/ui/button";
import { deleteDestinationAction } from "@/lib/destinations/actions/delete-destination";
import { sendTestDeliveryAction } from "@/lib/destinations/actions/send-test";

/** Edit, Send test and Delete (with a confirmation step) for one destination; admins only. */
export function DestinationControls({ destinationId, name }: { destinationId: string; name: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const [confirming, setConfirming] = useState(false);

  const sendTest = () => {
    setMessage(null);
    startTransition(async () => {
      const result = await sendTestDeliveryAction({ destinationId });
      setMessage(
        result.ok
          ? { tone: "ok", text: "Test queued. Its outcome appears in the delivery log below." }
          : { tone: "error", text: result.error.message },
      );
      router.refresh();
    });
  };

  const remove = () => {
    setMessage(null);
    startTransition(async () => {
      const result = await deleteDestinationAction({ destinationId });
      if (!result.ok) setMessage({ tone: "error", text: result.error.message });
      setConfirming(false);
      router.refresh();
    });
  };

  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex flex-wrap items-center justify-end gap-2">
        <Button
          variant="secondary"
          size="sm"
          loading={pending && !confirming}
          onClick={sendTest}
          aria-label={`Send test to ${name}`}
        >
          Send test
        </Button>
        <Link
          href={`/settings/destinations/${destinationId}/edit`}
          className={buttonClasses("secondary", "sm")}
          aria-label={`Edit ${name}`}
        >
          Edit
        </Link>
        {confirming ? (
          <>
            <Button
              variant="danger"
              size="sm"
              loading={pending}
              onClick={remove}
              aria-label={`Confirm deleting ${name}`}
            >
              Delete for good
            </Button>
            <Button variant="ghost" size="sm" onClick={() => setConfirming(false)} disabled={pending}>
              Keep
            </Button>
          </>
        ) : (
          <Button variant="ghost" size="sm" onClick={() => setConfirming(true)} aria-label={`Delete ${name}`}>
            Delete
          </Button>
        )}
      </div>
      {confirming ? <p className="text-xs text-muted">Deleting also removes its delivery log.</p> : null}
      {message ? (
        <p
          role={message.tone === "error" ? "alert" : "status"}
          className={
            message.tone === "error"
              ? "max-w-xs text-right text-xs text-rose-400"
              : "max-w-xs text-right text-xs text-emerald-300"
          }
        >
          {message.text}
        </p>
      ) : null}
    </div>
  );
}
