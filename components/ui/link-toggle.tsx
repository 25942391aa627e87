import Link from "next/link";
import { cn } from "@/lib/ui/cn";

/** A row of links that pick one view (a range, a clock); the current one is marked, and each is a shareable URL. */
export function LinkToggle({
  label,
  options,
  current,
}: {
  label: string;
  options: readonly { id: string; label: string; href: string }[];
  current: string;
}) {
  return (
    <div role="group" aria-label={label} className="flex rounded-md border border-line">
      {options.map((option) => (
        <Link
          key={option.id}
          href={option.href}
          aria-current={option.id === current ? "true" : undefined}
          className={cn(
            "px-3 py-1 text-sm",
            option.id === current ? "bg-accent/20 text-white" : "text-slate-300 hover:text-white",
          )}
        >
          {option.label}
        </Link>
      ))}
    </div>
  );
}
