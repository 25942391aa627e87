"use client";

import * as Dialog from "@radix-ui/react-dialog";
import { type ReactNode, useState } from "react";

/**
 * A panel that slides in from the right over the page: Radix's dialog, so focus moves
 * in when it opens (to the element marked `data-autofocus`, else the first control),
 * stays inside while it is open, returns where it was when it closes, the page behind
 * is inert to pointer and screen reader, and Escape or the backdrop closes it.
 */
export function SlideOver({
  title,
  description,
  onClose,
  children,
  footer,
}: {
  title: ReactNode;
  /** Read with the title when the panel opens; hidden when the body says it already. */
  description?: string;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
}) {
  // Where focus was when the panel opened. Radix's modal dialog hands focus back to its
  // Dialog.Trigger, and this panel is opened by the page (a tile, a URL), not by a trigger.
  const [returnFocusTo] = useState(() => (typeof document === "undefined" ? null : document.activeElement));
  return (
    <Dialog.Root open onOpenChange={(open) => (open ? undefined : onClose())}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-50 bg-black/60" />
        <Dialog.Content
          {...(description ? {} : { "aria-describedby": undefined })}
          onCloseAutoFocus={(event) => {
            event.preventDefault();
            if (returnFocusTo instanceof HTMLElement) returnFocusTo.focus();
          }}
          onOpenAutoFocus={(event) => {
            const marked = (event.currentTarget as HTMLElement).querySelector<HTMLElement>("[data-autofocus]");
            if (!marked) return;
            event.preventDefault();
            marked.focus();
          }}
          className="fixed inset-y-0 right-0 z-50 flex w-full max-w-lg flex-col border-l border-line bg-panel shadow-2xl outline-none"
        >
          <div className="flex items-start justify-between gap-4 border-b border-line px-6 py-5">
            <Dialog.Title className="text-lg font-semibold text-white">{title}</Dialog.Title>
            <Dialog.Close className="rounded-md px-2 py-1 text-sm text-muted hover:bg-panel-raised hover:text-white">
              Close
            </Dialog.Close>
          </div>
          {description ? <Dialog.Description className="sr-only">{description}</Dialog.Description> : null}
          <div className="flex-1 overflow-y-auto px-6 py-5">{children}</div>
          {footer ? <div className="border-t border-line px-6 py-4">{footer}</div> : null}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
