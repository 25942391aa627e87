import type { ReactNode } from "react";
import { cn } from "@/lib/ui/cn";

export function Card({ className, children }: { className?: string; children: ReactNode }) {
  return <section className={cn("rounded-lg border border-line bg-panel", className)}>{children}</section>;
}
