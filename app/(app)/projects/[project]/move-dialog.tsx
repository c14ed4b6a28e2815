"use client";

import { useState } from "react";
import { Dialog } from "@/app/_components/ui/dialog";
import { ReasonButtons, ReasonField } from "./reason-field";

export type MoveRequest = {
  version: string;
  from: string;
  to: string;
  toName: string;
  kind: "rollback" | "override";
  /** A rollback into the environment ahead, where a newer release is (sent as rollback: true). */
  forward?: boolean;
  /** For overrides, the gates that will be overridden; for forward rollbacks, why it is one. */
  failing: string[];
};

/** Asks for the reason a rollback or an override needs; both are recorded on the transition. */
export function MoveDialog({
  request,
  onConfirm,
  onCancel,
}: {
  request: MoveRequest | null;
  onConfirm: (reason: string) => void;
  onCancel: () => void;
}) {
  return (
    <Dialog open={request !== null} labelledBy="move-dialog-title" onClose={onCancel}>
      {/* Keyed by the request, so each opening starts with an empty reason. */}
      {request && (
        <ReasonForm
          key={`${request.version}:${request.to}:${request.kind}`}
          request={request}
          onConfirm={onConfirm}
          onCancel={onCancel}
        />
      )}
    </Dialog>
  );
}

function ReasonForm({
  request,
  onConfirm,
  onCancel,
}: {
  request: MoveRequest;
  onConfirm: (reason: string) => void;
  onCancel: () => void;
}) {
  const [reason, setReason] = useState("");
  const [touched, setTouched] = useState(false);
  const title =
    request.kind === "rollback"
      ? `Roll back ${request.version} to ${request.toName}`
      : `Override gates for ${request.version} → ${request.toName}`;
  const missing = touched && reason.trim() === "";
  return (
    <form
      method="dialog"
      onSubmit={(e) => {
        e.preventDefault();
        setTouched(true);
        if (reason.trim()) onConfirm(reason.trim());
      }}
    >
      <h2 id="move-dialog-title" className="text-lg font-semibold">
        {title}
      </h2>
      {request.kind === "rollback" && request.forward && (
        <p className="mt-2 text-sm">
          {request.failing[0]}. {request.toName} goes back to {request.version}, and it is held there.
        </p>
      )}
      {request.kind === "override" && (
        <>
          <p className="mt-2 text-sm">These gates do not hold and will be recorded as overridden:</p>
          <ul className="mt-1 list-disc pl-5 text-sm">
            {request.failing.map((f) => (
              <li key={f}>{f}</li>
            ))}
          </ul>
        </>
      )}
      <ReasonField
        id="move-reason"
        label={request.kind === "rollback" ? "Reason for the rollback" : "Justification"}
        text={reason}
        setText={setReason}
        missing={missing}
        required="A reason is required; it is kept in the release's history."
      />
      <ReasonButtons onCancel={onCancel} confirm={request.kind === "rollback" ? "Roll back" : "Override and promote"} />
    </form>
  );
}
