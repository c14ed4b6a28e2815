"use client";

import { Toaster as Sonner } from "sonner";
export { toast } from "sonner";

/** The one place toasts appear: bottom right, in the app's type and surfaces, following the colour scheme. */
export function Toaster() {
  return (
    <Sonner
      richColors
      closeButton
      position="bottom-right"
      theme="system"
      toastOptions={{ className: "font-sans text-sm" }}
    />
  );
}
