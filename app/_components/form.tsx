"use client";

import { useId } from "react";
import { Button } from "./ui/button";

/** A labelled input with its error beside it, for the few forms the app has. */
export function Field({
  label,
  error,
  ...input
}: { label: string; error?: string } & React.InputHTMLAttributes<HTMLInputElement>) {
  const id = input.id ?? input.name;
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        className="mt-1 block w-full rounded-md border border-ink-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-accent-500 focus:ring-2 focus:ring-accent-500/30 focus:outline-none dark:border-ink-700 dark:bg-ink-900"
        {...input}
      />
      {error && (
        <p id={`${id}-error`} className="mt-1 text-sm text-danger-700 dark:text-danger-400">
          {error}
        </p>
      )}
    </div>
  );
}

export function SubmitButton({ busy, children }: { busy: boolean; children: React.ReactNode }) {
  return (
    <Button type="submit" variant="primary" size="lg" disabled={busy} className="w-full">
      {children}
    </Button>
  );
}

/** The compact input style of dense forms (the pipeline editor), for selects and text areas too. */
export const inputClass =
  "mt-1 block w-full rounded-md border border-ink-300 bg-white px-2 py-1.5 text-sm aria-[invalid]:border-danger-600 dark:border-ink-700 dark:bg-ink-950";

/** A compact labelled text field for dense forms, with the server's verdict (or a hint) under it. */
export function TextField({
  label,
  hint,
  error,
  onChange,
  ...props
}: { label: string; hint?: string; error?: string; onChange: (value: string) => void } & Omit<
  React.InputHTMLAttributes<HTMLInputElement>,
  "onChange"
>) {
  const id = useId();
  return (
    <div className="text-sm">
      <label htmlFor={id} className="font-medium">
        {label}
      </label>
      <input
        id={id}
        className={inputClass}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}
        onChange={(e) => onChange(e.target.value)}
        {...props}
      />
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-xs text-danger-700 dark:text-danger-400">
          {error}
        </p>
      ) : hint ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-ink-500">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
