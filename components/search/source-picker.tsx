"use client";

import { UntrustedText } from "@/components/ui/untrusted-text";
import { markInvisible } from "@/lib/ui/invisible-characters";
import { useEffect, useId, useRef, useState } from "react";
import { cn } from "@/lib/ui/cn";

type SourceOption = { id: string; name: string };

/** Above this many sources the open list starts with a box that narrows it by name. */
const FIND_FROM = 10;

/**
 * A multi-select of sources as a disclosure: a button that names the choice ("All
 * sources", a source's name, or "3 sources") and opens a list of checkboxes. Escape, a
 * click outside or tabbing away closes it. The checkboxes exist only while it is open:
 * a fleet of a thousand sources would otherwise be a thousand hidden rows in every
 * Search page's HTML. The form reads the choice from its state; while closed, the chosen
 * ones also sit in hidden inputs, for a form sent before the page's scripts run.
 */
export function SourcePicker({
  sources,
  value,
  onChange,
  invalid,
  describedBy,
}: {
  sources: SourceOption[];
  value: string[];
  onChange: (ids: string[]) => void;
  invalid?: boolean;
  describedBy?: string;
}) {
  const [open, setOpen] = useState(false);
  const [needle, setNeedle] = useState("");
  const wrapper = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const find = useRef<HTMLInputElement>(null);
  const id = useId();
  const findable = sources.length > FIND_FROM;

  /** Closed, the list forgets what was typed: reopened, it shows every source again, the chosen ones too. */
  const close = () => {
    setOpen(false);
    setNeedle("");
  };

  // Opened on a long list, typing goes straight to the find box.
  useEffect(() => {
    if (open && findable) find.current?.focus();
  }, [open, findable]);

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!wrapper.current?.contains(event.target as Node)) close();
    };
    document.addEventListener("pointerdown", onPointerDown);
    return () => document.removeEventListener("pointerdown", onPointerDown);
  }, [open]);

  const chosen = sources.filter((source) => value.includes(source.id));
  // Ids in the URL that are not (or no longer) sources still count, so the label never hides a filter.
  const unknown = value.filter((selected) => !sources.some((source) => source.id === selected)).length;
  const count = chosen.length + unknown;
  const summary =
    count === 0 ? "All sources" : count === 1 && chosen[0] ? markInvisible(chosen[0].name) : `${count} sources`;

  const folded = needle.trim().toLowerCase();
  const shown = folded ? sources.filter((source) => source.name.toLowerCase().includes(folded)) : sources;

  const toggle = (sourceId: string, checked: boolean) =>
    onChange(checked ? [...value, sourceId] : value.filter((selected) => selected !== sourceId));

  return (
    <div
      ref={wrapper}
      className="relative"
      onKeyDown={(event) => {
        if (event.key === "Escape" && open) {
          event.stopPropagation();
          close();
          button.current?.focus();
        }
      }}
      onBlur={(event) => {
        if (!wrapper.current?.contains(event.relatedTarget as Node | null)) close();
      }}
    >
      <span id={`${id}-label`} className="mb-1.5 block text-sm font-medium text-slate-200">
        Source
      </span>
      <button
        ref={button}
        type="button"
        id={`${id}-button`}
        aria-expanded={open}
        aria-controls={`${id}-options`}
        aria-labelledby={`${id}-label ${id}-button`}
        data-invalid={invalid || undefined}
        aria-describedby={describedBy}
        onClick={() => (open ? close() : setOpen(true))}
        className={cn(
          "flex h-10 w-full items-center justify-between gap-2 rounded-md border border-line bg-canvas px-3 text-left text-sm text-slate-100",
          "focus:border-accent focus:outline-none data-[invalid=true]:border-rose-500",
        )}
      >
        <span className="truncate">{summary}</span>
        <svg
          aria-hidden="true"
          viewBox="0 0 20 20"
          className={cn("h-4 w-4 shrink-0 text-muted transition-transform", open && "rotate-180")}
        >
          <path
            d="M5 7l5 6 5-6"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.8"
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        </svg>
      </button>
      {/* The chosen sources, for a form sent before the page's scripts run (no checkbox exists while closed). */}
      {open ? null : value.map((sourceId) => <input key={sourceId} type="hidden" name="source" value={sourceId} />)}
      <div
        id={`${id}-options`}
        hidden={!open}
        className="absolute left-0 z-30 mt-1 max-h-72 w-72 max-w-[90vw] overflow-y-auto rounded-md border border-line bg-panel-raised p-2 shadow-xl"
      >
        <fieldset>
          <legend className="sr-only">Sources to search</legend>
          <button
            type="button"
            onClick={() => onChange([])}
            className="mb-1 w-full rounded px-2 py-1.5 text-left text-sm text-slate-300 hover:bg-panel hover:text-white"
          >
            All sources
          </button>
          {sources.length === 0 ? (
            <p className="px-2 py-1.5 text-sm text-muted">No sources are configured yet.</p>
          ) : null}
          {open && findable ? (
            <input
              ref={find}
              type="search"
              aria-label="Find a source by name"
              placeholder="Find a source"
              autoComplete="off"
              value={needle}
              // The form applies its filters on every change; narrowing this list is not one.
              onChange={(event) => {
                event.stopPropagation();
                setNeedle(event.target.value);
              }}
              onKeyDown={(event) => {
                if (event.key === "Enter") {
                  event.preventDefault();
                  event.stopPropagation();
                }
              }}
              className="mb-1 h-8 w-full rounded border border-line bg-canvas px-2 text-sm text-slate-100 focus:border-accent focus:outline-none"
            />
          ) : null}
          {open && shown.length === 0 && sources.length > 0 ? (
            <p className="px-2 py-1.5 text-sm text-muted">No source&apos;s name contains that.</p>
          ) : null}
          <p role="status" className="sr-only">
            {open && folded ? `${shown.length} of ${sources.length} sources match` : ""}
          </p>
          {(open ? shown : []).map((source) => (
            <label
              key={source.id}
              className="flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-sm text-slate-100 hover:bg-panel"
            >
              <input
                type="checkbox"
                name="source"
                value={source.id}
                checked={value.includes(source.id)}
                onChange={(event) => toggle(source.id, event.target.checked)}
                className="h-4 w-4 accent-[var(--color-accent)]"
              />
              <span className="truncate">
                <UntrustedText text={source.name} />
              </span>
            </label>
          ))}
        </fieldset>
      </div>
    </div>
  );
}
