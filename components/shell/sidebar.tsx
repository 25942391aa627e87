"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useState } from "react";
import { cn } from "@/lib/ui/cn";
import { Logo } from "./logo";
import { NAV_SECTIONS } from "./nav-items";

/** Open alerts beside "Alerts", so trouble shows on every page, not only on the Alerts page. */
function OpenAlertsCount({ count }: { count: number }) {
  if (count === 0) return null;
  return (
    <span
      data-testid="open-alerts-count"
      data-count={count}
      className="ml-auto rounded-full bg-rose-500/20 px-2 py-0.5 text-xs font-semibold tabular-nums text-rose-200"
    >
      {count > 99 ? "99+" : count}
      <span className="sr-only"> open</span>
    </span>
  );
}

function NavLinks({ openAlerts, onNavigate }: { openAlerts: number; onNavigate?: () => void }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="space-y-6">
      {NAV_SECTIONS.map((section) => (
        <div key={section.title}>
          <p className="px-3 text-[11px] font-semibold uppercase tracking-wider text-muted">{section.title}</p>
          <ul className="mt-2 space-y-0.5">
            {section.items.map((item) => {
              const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
              return (
                <li key={item.href}>
                  <Link
                    href={item.href}
                    onClick={onNavigate}
                    aria-current={active ? "page" : undefined}
                    className={cn(
                      "flex items-center gap-2 rounded-md px-3 py-2 text-sm",
                      active
                        ? "bg-accent/15 font-medium text-white"
                        : "text-slate-300 hover:bg-panel-raised hover:text-white",
                    )}
                  >
                    {item.label}
                    {item.href === "/alerts" ? <OpenAlertsCount count={openAlerts} /> : null}
                  </Link>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </nav>
  );
}

/** Fixed on wide screens; a drawer behind a Menu button on narrow ones. */
export function Sidebar({ openAlerts }: { openAlerts: number }) {
  const pathname = usePathname();
  // The drawer remembers the page it was opened on, so moving to another page closes it.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  const setOpen = (next: boolean) => setOpenOn(next ? pathname : null);

  return (
    <>
      <aside className="hidden w-60 shrink-0 border-r border-line bg-panel lg:block">
        <div className="sticky top-0 flex h-screen flex-col px-3 py-5">
          <Link href="/" className="mb-8 px-3">
            <Logo />
          </Link>
          <NavLinks openAlerts={openAlerts} />
        </div>
      </aside>
      <div className="lg:hidden">
        <button
          type="button"
          className="fixed left-3 top-3 z-40 rounded-md border border-line bg-panel px-3 py-1.5 text-sm text-slate-200"
          aria-expanded={open}
          aria-controls="mobile-nav"
          onClick={() => setOpen(!open)}
        >
          {open ? "Close" : "Menu"}
        </button>
        {open ? (
          <div id="mobile-nav" className="fixed inset-0 z-30 bg-canvas/95 px-6 pt-16">
            <NavLinks openAlerts={openAlerts} onNavigate={() => setOpen(false)} />
          </div>
        ) : null}
      </div>
    </>
  );
}
