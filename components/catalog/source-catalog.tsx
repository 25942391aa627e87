"use client";

import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { buttonClasses } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { SlideOver } from "@/components/ui/slide-over";
import { matchesSourceType, SOURCE_TYPES } from "@/lib/catalog/source-types";
import { SourceLogo, SourceTile } from "./source-tile";

/** The Create New catalog: a searchable set of source tiles; a tile opens its panel (kept in the URL, so Back closes it). */
export function SourceCatalog() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [query, setQuery] = useState(params.get("q") ?? "");
  const openId = params.get("type");
  const open = SOURCE_TYPES.find((type) => type.id === openId);
  const shown = SOURCE_TYPES.filter((type) => matchesSourceType(type, query));

  const close = () => router.push(pathname + (query ? `?q=${encodeURIComponent(query)}` : ""), { scroll: false });

  return (
    <>
      <div className="mb-6 max-w-md">
        <label htmlFor="catalog-search" className="mb-1 block text-sm font-medium text-slate-200">
          Search sources
        </label>
        <Input
          id="catalog-search"
          type="search"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          placeholder="Search by name, vendor or log type, e.g. Rapid7"
          autoFocus
        />
      </div>
      {shown.length === 0 ? (
        <EmptyState title={`No source type matches "${query}"`}>
          Intake supports the source types listed here; more are on the way. Clear the search to see them all.
        </EmptyState>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3" aria-label="Source types">
          {shown.map((type) => (
            <li key={type.id}>
              <SourceTile
                type={type}
                onSelect={() =>
                  router.push(`${pathname}?${new URLSearchParams({ ...(query ? { q: query } : {}), type: type.id })}`, {
                    scroll: false,
                  })
                }
              />
            </li>
          ))}
        </ul>
      )}
      {open ? (
        <SlideOver
          title={open.panelTitle}
          onClose={close}
          footer={
            <div className="flex items-center justify-end gap-3">
              <button type="button" onClick={close} className={buttonClasses("ghost")}>
                Cancel
              </button>
              <Link href={open.setupPath} className={buttonClasses("primary")} data-autofocus>
                Start Setup
              </Link>
            </div>
          }
        >
          <div className="flex items-center gap-3">
            <SourceLogo id={open.id} />
            <div>
              <p className="font-semibold text-white">{open.vendor}</p>
              <p className="text-sm text-muted">{open.logTypes.join(", ")}</p>
            </div>
          </div>
          <h3 className="mt-6 text-sm font-semibold uppercase tracking-wide text-muted">What Intake pulls</h3>
          <p className="mt-2 text-sm text-slate-200">{open.pulls}</p>
          <h3 className="mt-6 text-sm font-semibold uppercase tracking-wide text-muted">Before you start</h3>
          <ol className="mt-2 space-y-3">
            {open.prerequisites.map((item, index) => (
              <li key={item.title} className="flex gap-3 text-sm">
                <span className="flex h-6 w-6 shrink-0 items-center justify-center rounded-full bg-accent/20 text-xs font-semibold text-white">
                  {index + 1}
                </span>
                <span>
                  <span className="block font-medium text-white">{item.title}</span>
                  <span className="text-slate-300">{item.detail}</span>
                </span>
              </li>
            ))}
          </ol>
          <h3 className="mt-6 text-sm font-semibold uppercase tracking-wide text-muted">{open.docs.title}</h3>
          <ul className="mt-2 space-y-1 text-sm">
            {open.docs.links.map((doc) => (
              <li key={doc.href}>
                <a href={doc.href} target="_blank" rel="noreferrer noopener" className="text-accent hover:underline">
                  {doc.label} ↗
                </a>
              </li>
            ))}
          </ul>
        </SlideOver>
      ) : null}
    </>
  );
}
