import type { InputHTMLAttributes, Ref, SelectHTMLAttributes } from "react";
import { cn } from "@/lib/ui/cn";

const base =
  "block w-full rounded-md border border-line bg-canvas px-3 text-sm text-slate-100 placeholder:text-slate-500 " +
  "focus:border-accent focus:outline-none aria-[invalid=true]:border-rose-500 disabled:opacity-60";

export function Input({
  className,
  ref,
  ...rest
}: InputHTMLAttributes<HTMLInputElement> & { ref?: Ref<HTMLInputElement> }) {
  return <input ref={ref} className={cn(base, "h-10", className)} {...rest} />;
}

export function Select({
  className,
  ref,
  ...rest
}: SelectHTMLAttributes<HTMLSelectElement> & { ref?: Ref<HTMLSelectElement> }) {
  return <select ref={ref} className={cn(base, "h-10 pr-8", className)} {...rest} />;
}
