"use client";

import * as Switch from "@radix-ui/react-switch";

/**
 * "Trigger an alert when no events are processed": the one control for it, in onboarding
 * and in a source's settings. Radix's switch is a button with role=switch and
 * aria-checked, named by the label beside it.
 */
export function NoEventsAlertSwitch({
  id,
  checked,
  onCheckedChange,
}: {
  id: string;
  checked: boolean;
  onCheckedChange: (checked: boolean) => void;
}) {
  return (
    <div className="flex items-center justify-between gap-4">
      <label htmlFor={id} className="text-sm font-medium text-white">
        Trigger an alert when no events are processed
      </label>
      <span className="flex items-center gap-2">
        <span aria-hidden="true" className="w-7 text-right text-xs font-medium text-muted">
          {checked ? "On" : "Off"}
        </span>
        <Switch.Root
          id={id}
          checked={checked}
          onCheckedChange={onCheckedChange}
          data-testid="no-events-toggle"
          className="relative inline-flex h-6 w-11 shrink-0 items-center rounded-full bg-panel-raised ring-1 ring-inset ring-line transition-colors data-[state=checked]:bg-accent focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent"
        >
          <Switch.Thumb className="block h-5 w-5 translate-x-0.5 rounded-full bg-white shadow transition-transform data-[state=checked]:translate-x-[1.375rem]" />
        </Switch.Root>
      </span>
    </div>
  );
}
