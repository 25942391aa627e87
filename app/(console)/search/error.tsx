"use client";

import Link from "next/link";
import { useEffect } from "react";
import { Button, buttonClasses } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { PageHeader } from "@/components/ui/page-header";

/** Unexpected failures only (invalid filters are shown on the page itself); the digest matches the server's log entry. */
export default function SearchError({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = error instanceof Error && "digest" in error && typeof error.digest === "string" ? error.digest : null;
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <>
      <PageHeader eyebrow="Investigate" title="Search" />
      <Callout tone="error" title="The search could not be completed">
        <p>
          Intake could not read the events just now. This is usually temporary (the database restarting, or a very slow
          query timing out).
          {digest ? ` If it keeps happening, give an admin this reference: ${digest}.` : null}
        </p>
      </Callout>
      <div className="mt-4 flex items-center gap-3">
        <Button onClick={() => retry()}>Try again</Button>
        <Link href="/search" className={buttonClasses("ghost")}>
          Start a new search
        </Link>
      </div>
    </>
  );
}
