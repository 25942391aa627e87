import type { ReactNode } from "react";
import { cn } from "@/lib/ui/cn";

export function Card({ className, id, children }: { className?: string; id?: string; children: ReactNode }) {
  return (
    <section id={id} className={cn("rounded-lg border border-line bg-panel", className)}>
      {children}
    </section>
  );
}
