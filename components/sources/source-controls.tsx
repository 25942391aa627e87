"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { requestPullAction } from "@/lib/sources/actions/request-pull";
import { setSourcePausedAction } from "@/lib/sources/actions/set-source-paused";

/** Pull now and Pause/Resume, with the outcome said next to them. */
export function SourceControls({ sourceId, paused }: { sourceId: string; paused: boolean }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const run = (action: () => Promise<{ ok: boolean; error?: { message: string } }>, success: string) =>
    start(async () => {
      const result = await action();
      setMessage(
        result.ok
          ? { tone: "ok", text: success }
          : { tone: "error", text: result.error?.message ?? "That did not work." },
      );
      router.refresh();
    });
  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex gap-2">
        <Button
          variant="secondary"
          disabled={pending || paused}
          onClick={() =>
            run(() => requestPullAction({ sourceId }), "A pull is queued; it starts as soon as a worker is free.")
          }
          title={paused ? "Resume the source to pull" : undefined}
        >
          Pull now
        </Button>
        <Button
          variant="secondary"
          disabled={pending}
          onClick={() =>
            run(
              () => setSourcePausedAction({ sourceId, paused: !paused }),
              paused ? "Resumed: pulling again." : "Paused: no pulls until you resume.",
            )
          }
        >
          {paused ? "Resume" : "Pause"}
        </Button>
      </div>
      <p role="status" className={`min-h-4 text-xs ${message?.tone === "error" ? "text-rose-400" : "text-muted"}`}>
        {message?.text ?? ""}
      </p>
    </div>
  );
}
