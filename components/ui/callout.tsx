import type { ReactNode } from "react";
import { cn } from "@/lib/ui/cn";

type Tone = "info" | "success" | "warning" | "error";
const tones: Record<Tone, string> = {
  info: "border-sky-700/60 bg-sky-950/40 text-sky-100",
  success: "border-emerald-700/60 bg-emerald-950/40 text-emerald-100",
  warning: "border-amber-700/60 bg-amber-950/40 text-amber-100",
  error: "border-rose-700/60 bg-rose-950/40 text-rose-100",
};

export function Callout({
  tone = "info",
  title,
  children,
  className,
}: {
  tone?: Tone;
  title?: ReactNode;
  children?: ReactNode;
  className?: string;
}) {
  return (
    <div
      role={tone === "error" ? "alert" : "status"}
      className={cn("rounded-md border px-4 py-3 text-sm", tones[tone], className)}
    >
      {title ? <p className="font-medium">{title}</p> : null}
      {children ? <div className={title ? "mt-1 opacity-90" : undefined}>{children}</div> : null}
    </div>
  );
}
