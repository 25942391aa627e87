"use client";

import { Button } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";

/** A page of the console failed to load: say so, and offer to try again. */
export default function ConsoleError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <Callout tone="error" title="This page could not be loaded">
      <p>
        Something went wrong on the server{error.digest ? ` (reference ${error.digest})` : ""}. Try again; if it keeps
        happening, an admin can find the reference in the server log.
      </p>
      <Button size="sm" className="mt-3" onClick={reset}>
        Try again
      </Button>
    </Callout>
  );
}
