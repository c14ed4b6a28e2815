"use client";

import { useEffect, useRef } from "react";
import { cn } from "./cn";

/**
 * A native modal <dialog> (focus trap, inert page, top layer come with it), centred (Tailwind's
 * reset removes the browser's own margin), open while `open` is true; Escape asks the owner to
 * close it rather than closing it behind React's back.
 */
export function Dialog({
  open,
  labelledBy,
  onClose,
  className,
  children,
}: {
  open: boolean;
  labelledBy: string;
  onClose: () => void;
  className?: string;
  children: React.ReactNode;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (open) dialog.current?.showModal();
    else dialog.current?.close();
  }, [open]);
  return (
    <dialog
      ref={dialog}
      aria-labelledby={labelledBy}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      className={cn(
        "m-auto w-full max-w-md rounded-xl border border-line bg-surface p-5 text-fg shadow-xl backdrop:bg-ink-900/40 motion-safe:open:animate-settle dark:border-ink-700",
        className,
      )}
    >
      {children}
    </dialog>
  );
}

/** The dialog's title: one size and weight for all of them. */
export function DialogTitle({ className, ...props }: React.HTMLAttributes<HTMLHeadingElement>) {
  return <h2 className={cn("text-lg font-semibold", className)} {...props} />;
}
