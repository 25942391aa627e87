"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/action-result";
import { Button } from "./button";

/** A button that runs a server action, says what came of it next to itself, and refreshes the page. */
export function ActionButton<T>({
  label,
  pendingLabel,
  run,
  describe,
}: {
  label: string;
  pendingLabel?: string;
  run: () => Promise<ActionResult<T>>;
  describe: (data: T) => string;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [message, setMessage] = useState("");
  return (
    <div className="flex items-center gap-3">
      <span role="status" className="text-xs text-slate-300">
        {message}
      </span>
      <Button
        variant="secondary"
        loading={pending}
        onClick={() =>
          start(async () => {
            const result = await run();
            setMessage(result.ok ? describe(result.data) : result.error.message);
            router.refresh();
          })
        }
      >
        {pending && pendingLabel ? pendingLabel : label}
      </Button>
    </div>
  );
}
