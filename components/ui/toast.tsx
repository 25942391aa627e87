"use client";

import * as RadixToast from "@radix-ui/react-toast";
import { createContext, type ReactNode, useCallback, useContext, useRef, useState } from "react";
import { cn } from "@/lib/ui/cn";

type Tone = "success" | "error";
type ToastInput = { title: string; description?: string; tone?: Tone };
type OpenToast = ToastInput & { id: number; open: boolean };

/** What a component calls to confirm something that happened; a no-op outside the console's provider. */
const ShowToast = createContext<(toast: ToastInput) => void>(() => undefined);

/**
 * Short confirmations ("Settings saved.") that do not move the page: Radix's toast
 * announces them to screen readers, pauses while hovered or focused, can be swiped or
 * dismissed, and F8 jumps to them. Failures stay next to the field or form they concern;
 * a toast is for what went right, or for a failure with no form to sit on.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<OpenToast[]>([]);
  const nextId = useRef(0);
  const show = useCallback((toast: ToastInput) => {
    nextId.current += 1;
    const id = nextId.current;
    setToasts((current) => [...current.slice(-2), { ...toast, id, open: true }]);
  }, []);
  const close = useCallback((id: number) => {
    setToasts((current) => current.map((toast) => (toast.id === id ? { ...toast, open: false } : toast)));
    // Left mounted for the closing animation's frame, then dropped.
    window.setTimeout(() => setToasts((current) => current.filter((toast) => toast.id !== id)), 300);
  }, []);

  return (
    <ShowToast.Provider value={show}>
      <RadixToast.Provider swipeDirection="right" duration={6000}>
        {children}
        {toasts.map((toast) => (
          <RadixToast.Root
            key={toast.id}
            open={toast.open}
            onOpenChange={(open) => (open ? undefined : close(toast.id))}
            type={toast.tone === "error" ? "foreground" : "background"}
            data-toast={toast.tone ?? "success"}
            className={cn(
              "flex items-start gap-3 rounded-lg border bg-panel px-4 py-3 shadow-2xl",
              "data-[state=closed]:opacity-0 data-[swipe=end]:translate-x-full",
              toast.tone === "error" ? "border-rose-500/60" : "border-emerald-500/50",
            )}
          >
            <span
              aria-hidden
              className={cn(
                "mt-1.5 h-2 w-2 shrink-0 rounded-full",
                toast.tone === "error" ? "bg-rose-400" : "bg-emerald-400",
              )}
            />
            <div className="min-w-0 flex-1">
              <RadixToast.Title className="text-sm font-medium text-white">{toast.title}</RadixToast.Title>
              {toast.description ? (
                <RadixToast.Description className="mt-1 text-sm text-slate-300">
                  {toast.description}
                </RadixToast.Description>
              ) : null}
            </div>
            <RadixToast.Close
              aria-label="Dismiss notification"
              className="rounded px-1.5 text-sm text-muted hover:bg-panel-raised hover:text-white"
            >
              ×
            </RadixToast.Close>
          </RadixToast.Root>
        ))}
        <RadixToast.Viewport
          label="Notifications ({hotkey})"
          className="fixed bottom-4 right-4 z-[60] flex w-[min(24rem,calc(100vw-2rem))] flex-col gap-2 outline-none"
        />
      </RadixToast.Provider>
    </ShowToast.Provider>
  );
}

/** Shows a toast from any client component under the console layout. */
export function useToast() {
  return useContext(ShowToast);
}
