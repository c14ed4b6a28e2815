"use client";

import { Button, buttonVariants } from "@/app/_components/ui/button";
/**
 * The text a dialog asks for (a reason, a justification, a comment), with its label and the
 * message shown when it is required and left empty.
 */
export function ReasonField({
  id,
  label,
  text,
  setText,
  missing,
  required,
}: {
  id: string;
  label: string;
  text: string;
  setText: (text: string) => void;
  missing: boolean;
  /** The message when it is left empty. */
  required: string;
}) {
  return (
    <>
      <label htmlFor={id} className="mt-4 block text-sm font-medium">
        {label}
      </label>
      <textarea
        id={id}
        autoFocus
        rows={3}
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-invalid={missing || undefined}
        aria-describedby={missing ? `${id}-error` : undefined}
        className="mt-1 block w-full rounded-md border border-ink-300 bg-white px-3 py-2 text-sm dark:border-ink-700 dark:bg-ink-950"
      />
      {missing && (
        <p id={`${id}-error`} className="mt-1 text-sm text-danger-700 dark:text-danger-400">
          {required}
        </p>
      )}
    </>
  );
}

/** Cancel and the confirming (submit) button at the foot of a reason dialog. */
export function ReasonButtons({
  onCancel,
  confirm,
  danger,
}: {
  onCancel: () => void;
  confirm: string;
  danger?: boolean;
}) {
  return (
    <div className="mt-4 flex justify-end gap-2">
      <Button onClick={onCancel} variant="ghost" size="lg">
        Cancel
      </Button>
      <button type="submit" className={buttonVariants({ variant: danger ? "danger" : "primary", size: "lg" })}>
        {confirm}
      </button>
    </div>
  );
}
