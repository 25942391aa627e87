"use client";

import * as Dialog from "@radix-ui/react-dialog";
import { useRouter } from "next/navigation";
import { type ReactNode, useRef, useState } from "react";
import { Button, buttonClasses } from "@/components/ui/button";
import { UntrustedText } from "@/components/ui/untrusted-text";
import type { TextPreview } from "@/lib/events/display";
import type { EventView } from "@/lib/events/record-view";
import { formatBytes } from "@/lib/ui/format";
import { formatAbsolute } from "@/lib/ui/time";
import { useTimeZone } from "@/components/ui/time-zone";
import { ResultBadge } from "./result-badge";
import { Time } from "@/components/ui/time";

/**
 * One event, over the results: the standard p_ fields first (what detections and
 * searches key on), then the log type's own fields, then the raw record exactly as
 * Rapid7 sent it (a large record shows its start, with the whole of it as a download).
 * Radix's modal dialog: focus moves to Close and stays inside while it is open, the page
 * behind is inert and does not scroll, Escape or the backdrop closes it. The drawer is
 * opened by the URL, not by a trigger, so closing navigates back to the results and
 * hands focus to the row it was opened from.
 */
export function EventDrawer({
  eventId,
  event,
  closeHref,
}: {
  eventId: string;
  event: EventView | null;
  closeHref: string;
}) {
  const router = useRouter();
  const closeButton = useRef<HTMLButtonElement>(null);
  const focusRow = () => document.querySelector<HTMLElement>(`[data-event-link="${CSS.escape(eventId)}"]`)?.focus();

  return (
    <Dialog.Root
      open
      onOpenChange={(open) => {
        if (!open) router.push(closeHref, { scroll: false });
      }}
    >
      {/* No portal: rendered in place, the drawer is in the server's HTML, so a shared link shows the event before scripts load. */}
      <Dialog.Overlay className="fixed inset-0 z-40 bg-black/60" />
      <Dialog.Content
        aria-describedby={undefined}
        onOpenAutoFocus={(focusEvent) => {
          focusEvent.preventDefault();
          closeButton.current?.focus();
        }}
        // Runs as the drawer unmounts, once the navigation back to the results has rendered them.
        onCloseAutoFocus={(focusEvent) => {
          focusEvent.preventDefault();
          focusRow();
        }}
        className="fixed inset-y-0 right-0 z-40 flex h-full w-full max-w-3xl flex-col border-l border-line bg-panel shadow-2xl outline-none"
      >
        <header className="flex items-start justify-between gap-4 border-b border-line px-5 py-4">
          <div className="min-w-0">
            <p className="text-xs font-semibold uppercase tracking-wider text-muted">Event</p>
            <Dialog.Title className="truncate font-mono text-lg font-semibold text-white">
              {event ? <UntrustedText text={event.action} /> : "Event not found"}
            </Dialog.Title>
            {event ? (
              <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-300">
                <Time value={event.eventTime} format="absolute" />
                <ResultBadge result={event.result} />
                <span className="text-muted">
                  {event.sourceName ? <UntrustedText text={event.sourceName} /> : "Deleted source"}
                </span>
              </p>
            ) : null}
          </div>
          <Dialog.Close ref={closeButton} className={buttonClasses("ghost", "sm")} aria-label="Close event details">
            Close
          </Dialog.Close>
        </header>
        <div className="flex-1 space-y-6 overflow-y-auto px-5 py-5">
          {event ? <EventBody event={event} /> : <NotFound />}
        </div>
      </Dialog.Content>
    </Dialog.Root>
  );
}

function NotFound() {
  return (
    <p className="text-sm text-slate-300">
      This event is not stored. Retention may have removed it since the link was made, or the link is incomplete.
    </p>
  );
}

function EventBody({ event }: { event: EventView }) {
  const timeZone = useTimeZone();
  const rawHref = `/api/events/${encodeURIComponent(event.id)}/raw`;
  return (
    <>
      <Section
        title="Standard fields"
        description="Panther's p_ fields, added by normalization."
        testId="standard-fields"
      >
        <dl className="divide-y divide-line/60 rounded-md border border-accent/40 bg-accent/5">
          {event.standard.map(([key, value]) => (
            <div key={key} className="grid grid-cols-1 gap-1 px-3 py-2 sm:grid-cols-[12rem_1fr]">
              <dt className="font-mono text-xs text-sky-300">{key}</dt>
              <dd className="break-all font-mono text-xs text-slate-100">
                <UntrustedText text={Array.isArray(value) ? value.join(", ") : String(value)} />
              </dd>
            </div>
          ))}
        </dl>
      </Section>
      <Section
        title="Event fields"
        description="The record normalized to its schema."
        action={event.fields.cut ? null : <CopyButton text={event.fields.text} label="Copy event fields" />}
        testId="event-fields"
      >
        <Preview preview={event.fields} what="the fields" downloadHref={rawHref} />
      </Section>
      <Section
        title="Raw record"
        description="The message exactly as Rapid7 sent it."
        action={
          <div className="flex items-center gap-1">
            {event.raw.cut ? null : <CopyButton text={event.raw.text} label="Copy raw record" />}
            <a href={rawHref} download className={buttonClasses("ghost", "sm")} aria-label="Download raw record">
              Download
            </a>
          </div>
        }
        testId="raw-record"
      >
        <Preview preview={event.raw} what="the raw record" downloadHref={rawHref} />
      </Section>
      <Section title="Storage" testId="storage">
        <dl className="grid grid-cols-1 gap-x-4 gap-y-2 text-xs sm:grid-cols-[12rem_1fr]">
          <Meta label="Audit ID" value={event.auditId} />
          <Meta label="Received by Rapid7" value={formatAbsolute(event.receivedAt, timeZone)} />
          <Meta label="Stored by Intake" value={formatAbsolute(event.storedAt, timeZone)} />
          <Meta label="Rapid7 log" value={event.logId ?? "—"} />
          <Meta label="Sequence number" value={event.sequence ?? "—"} />
          <Meta label="Intake event ID" value={event.id} />
        </dl>
      </Section>
    </>
  );
}

function Section({
  title,
  description,
  action,
  testId,
  children,
}: {
  title: string;
  description?: string;
  action?: ReactNode;
  testId: string;
  children: ReactNode;
}) {
  return (
    <section aria-label={title} data-testid={testId}>
      <div className="mb-2 flex items-end justify-between gap-3">
        <div>
          <h3 className="text-sm font-semibold text-white">{title}</h3>
          {description ? <p className="text-xs text-muted">{description}</p> : null}
        </div>
        {action}
      </div>
      {children}
    </section>
  );
}

function Meta({ label, value }: { label: string; value: string }) {
  return (
    <>
      <dt className="text-muted">{label}</dt>
      <dd className="break-all font-mono text-slate-200">
        <UntrustedText text={value} />
      </dd>
    </>
  );
}

/** A record's text, or its start with a note saying how much more there is and where to get all of it. */
function Preview({ preview, what, downloadHref }: { preview: TextPreview; what: string; downloadHref: string }) {
  return (
    <>
      <Pre>{preview.cut ? `${preview.text}…` : preview.text}</Pre>
      {preview.cut ? (
        <p className="mt-2 text-xs text-slate-300" data-testid="preview-cut">
          Only the start of {what} is shown ({formatBytes(preview.bytes)} in all).{" "}
          <a href={downloadHref} download className="text-accent underline">
            Download the whole raw record
          </a>
          .
        </p>
      ) : null}
    </>
  );
}

function Pre({ children }: { children: string }) {
  return (
    <pre className="max-h-96 overflow-auto whitespace-pre-wrap break-all rounded-md border border-line bg-canvas p-3 font-mono text-xs leading-relaxed text-slate-200">
      <UntrustedText text={children} />
    </pre>
  );
}

function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <Button
      variant="ghost"
      size="sm"
      aria-label={label}
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(text);
          setCopied(true);
          setTimeout(() => setCopied(false), 1500);
        } catch {
          // Clipboard access can be refused (insecure origin, permissions); the text is selectable anyway.
        }
      }}
    >
      {copied ? "Copied" : "Copy"}
    </Button>
  );
}
