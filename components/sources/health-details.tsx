"use client";

import * as Tooltip from "@radix-ui/react-tooltip";
import type { ReactNode } from "react";
import type { CheckStatus } from "@/lib/sources/health/describe";
import { cn } from "@/lib/ui/cn";

const CHECK_DOT: Record<CheckStatus, string> = {
  ok: "bg-emerald-400",
  warning: "bg-amber-400",
  failing: "bg-rose-500",
  pending: "bg-slate-500",
};

type Check = { id: string; label: string; status: CheckStatus; message: string };

/**
 * The health badge's checks, on hover or keyboard focus. Radix renders the content in a
 * portal on <body>, so a table's scroll container cannot clip it, and places it on
 * whichever side of the badge has room inside the viewport.
 */
export function HealthDetails({
  label,
  status,
  checks,
  children,
}: {
  label: string;
  status: string;
  checks: Check[];
  children: ReactNode;
}) {
  const spoken = [label, ...checks.map((check) => `${check.label}: ${check.message}`)].join(". ");
  return (
    <Tooltip.Provider delayDuration={150}>
      <Tooltip.Root>
        <Tooltip.Trigger asChild>
          <button type="button" className="rounded-full" data-testid="health-badge" data-status={status}>
            {children}
          </button>
        </Tooltip.Trigger>
        <Tooltip.Portal>
          <Tooltip.Content
            side="bottom"
            align="start"
            sideOffset={6}
            collisionPadding={12}
            aria-label={spoken}
            data-testid="health-details"
            className="z-50 w-80 max-w-[calc(100vw-1.5rem)] rounded-md border border-line bg-panel-raised p-3 text-left text-xs shadow-xl"
          >
            <span className="mb-2 block font-semibold text-white">{label}</span>
            {checks.map((check) => (
              <span key={check.id} className="mb-1.5 flex gap-2 last:mb-0">
                <span
                  className={cn("mt-1 h-2 w-2 shrink-0 rounded-full", CHECK_DOT[check.status])}
                  aria-hidden="true"
                />
                <span>
                  <span className="font-medium text-slate-100">{check.label}:</span>{" "}
                  <span className="text-slate-300">{check.message}</span>
                </span>
              </span>
            ))}
          </Tooltip.Content>
        </Tooltip.Portal>
      </Tooltip.Root>
    </Tooltip.Provider>
  );
}
