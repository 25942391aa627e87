"use client";

import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Time } from "@/components/ui/time";

/** The one time a token is visible: a read-only box to copy it from, and a plain warning. */
export function NewTokenBox({
  name,
  token,
  expiresAt,
  onDone,
}: {
  name: string;
  token: string;
  expiresAt: string | null;
  onDone: () => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);

  const copy = async () => {
    input.current?.select();
    try {
      await navigator.clipboard.writeText(token);
      setCopied("yes");
    } catch {
      setCopied("failed");
    }
  };

  return (
    <section
      aria-labelledby="new-token-title"
      className="rounded-md border border-emerald-700/60 bg-emerald-950/40 px-4 py-4 text-sm text-emerald-100"
    >
      <h3 id="new-token-title" className="font-medium">
        Token “{name}” created
      </h3>
      <p className="mt-1 font-semibold text-white">Copy it now: you will not see it again.</p>
      <p className="mt-1 opacity-90">
        Intake keeps only a hash of it.{" "}
        {expiresAt ? (
          <>
            It expires on <Time value={expiresAt} format="absolute" />.
          </>
        ) : (
          "It does not expire; revoke it when you no longer need it."
        )}
      </p>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <label htmlFor="new-api-token" className="sr-only">
          New API token
        </label>
        <input
          id="new-api-token"
          ref={input}
          readOnly
          value={token}
          data-testid="new-api-token"
          onFocus={(event) => event.currentTarget.select()}
          className="h-10 min-w-0 flex-1 rounded-md border border-emerald-700/60 bg-canvas px-3 font-mono text-sm text-white"
        />
        <Button variant="secondary" onClick={copy}>
          {copied === "yes" ? "Copied" : "Copy"}
        </Button>
        <Button variant="ghost" onClick={onDone}>
          Done
        </Button>
      </div>
      <p aria-live="polite" className="mt-2 text-xs">
        {copied === "yes"
          ? "Copied to the clipboard."
          : copied === "failed"
            ? "Copying is blocked here: select the token and copy it yourself."
            : ""}
      </p>
    </section>
  );
}
