"use client";

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
        className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-700 dark:bg-slate-950"
      />
      {missing && (
        <p id={`${id}-error`} className="mt-1 text-sm text-red-700 dark:text-red-400">
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
      <button
        type="button"
        onClick={onCancel}
        className="rounded-md px-3 py-2 text-sm hover:bg-slate-100 dark:hover:bg-slate-800"
      >
        Cancel
      </button>
      <button
        type="submit"
        className={`rounded-md px-3 py-2 text-sm font-semibold text-white ${danger ? "bg-red-700 hover:bg-red-800" : "bg-indigo-600 hover:bg-indigo-700"}`}
      >
        {confirm}
      </button>
    </div>
  );
}
