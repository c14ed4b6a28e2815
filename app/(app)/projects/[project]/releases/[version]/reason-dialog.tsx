"use client";

import { useState } from "react";
import { Dialog } from "@/app/_components/ui/dialog";
import { ReasonButtons, ReasonField } from "../../reason-field";

export type ReasonRequest = {
  title: string;
  /** What happens on confirming, in a sentence. */
  explanation?: string;
  label: string;
  confirm: string;
  /** The environments to choose from (a rollback's target), the first preselected. */
  choices?: { slug: string; name: string }[];
  /** Whether the text may be left empty (an approval's comment). */
  optional?: boolean;
  danger?: boolean;
  onConfirm: (text: string, choice: string | null) => void;
};

/** One dialog for every action that needs a few words: roll back, override, abandon, reject. */
export function ReasonDialog({ request, onClose }: { request: ReasonRequest | null; onClose: () => void }) {
  return (
    <Dialog open={request !== null} labelledBy="reason-dialog-title" onClose={onClose}>
      {/* Keyed by the title, so each opening starts empty. */}
      {request && <ReasonForm key={request.title} request={request} onClose={onClose} />}
    </Dialog>
  );
}

function ReasonForm({ request, onClose }: { request: ReasonRequest; onClose: () => void }) {
  const [text, setText] = useState("");
  const [choice, setChoice] = useState(request.choices?.[0]?.slug ?? null);
  const [touched, setTouched] = useState(false);
  const missing = touched && !request.optional && text.trim() === "";
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        setTouched(true);
        if (!request.optional && !text.trim()) return;
        request.onConfirm(text.trim(), choice);
        onClose();
      }}
    >
      <h2 id="reason-dialog-title" className="text-lg font-semibold">
        {request.title}
      </h2>
      {request.explanation && <p className="mt-2 text-sm">{request.explanation}</p>}
      {request.choices && request.choices.length > 1 && (
        <>
          <label htmlFor="reason-choice" className="mt-4 block text-sm font-medium">
            Roll back to
          </label>
          <select
            id="reason-choice"
            value={choice ?? ""}
            onChange={(e) => setChoice(e.target.value)}
            className="mt-1 block w-full rounded-md border border-ink-300 bg-white px-3 py-2 text-sm dark:border-ink-700 dark:bg-ink-950"
          >
            {request.choices.map((c) => (
              <option key={c.slug} value={c.slug}>
                {c.name}
              </option>
            ))}
          </select>
        </>
      )}
      <ReasonField
        id="reason-text"
        label={request.label}
        text={text}
        setText={setText}
        missing={missing}
        required="This is required; it is kept in the release's history."
      />
      <ReasonButtons onCancel={onClose} confirm={request.confirm} danger={request.danger} />
    </form>
  );
}
