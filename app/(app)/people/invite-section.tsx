"use client";

import { useState } from "react";
import { inputClass, TextField } from "@/app/_components/form";
import { roleLabels, roles, type Role } from "@/server/domain/permissions";
import { card, smallButton, usePeople } from "./use-people";

/** What an admin hands over: the one-time link, or word that it went by e-mail. */
export type Issued = { email: string; link: string; emailed: boolean; what: string };

/** The link just made, to copy when e-mail is off (README: People). */
export function IssuedLink({ issued }: { issued: Issued }) {
  const [copied, setCopied] = useState(false);
  if (issued.emailed)
    return (
      <p role="status" className="mt-2 text-sm">
        {issued.what} e-mailed to {issued.email}.
      </p>
    );
  return (
    <div role="status" className="mt-2 space-y-1 text-sm">
      <p>
        E-mail is off, so give {issued.email} this {issued.what.toLowerCase()} link yourself (it works once):
      </p>
      <div className="flex gap-2">
        <input
          readOnly
          aria-label={`${issued.what} link for ${issued.email}`}
          className={`${inputClass} mt-0 font-mono`}
          value={issued.link}
          onFocus={(e) => e.target.select()}
        />
        <button
          type="button"
          className={smallButton}
          onClick={() => navigator.clipboard?.writeText(issued.link).then(() => setCopied(true))}
        >
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
    </div>
  );
}

/** The roles, as a menu's options. */
export function RoleOptions() {
  return roles.map((r) => (
    <option key={r} value={r}>
      {roleLabels[r]}
    </option>
  ));
}

/** Invite someone by e-mail with a role; the invitations nobody has accepted yet. */
export function InviteSection() {
  const { people, invite } = usePeople();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("viewer");
  const [issued, setIssued] = useState<Issued | null>(null);
  const fields = invite.error?.data?.domain?.fields ?? [];
  const open = people.data?.invitations ?? [];
  return (
    <section aria-labelledby="invite-heading" className={card}>
      <h2 id="invite-heading" className="text-lg font-semibold">
        Invite someone
      </h2>
      <form
        className="mt-3 flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          setIssued(null);
          invite.mutate(
            { email, role },
            {
              onSuccess: (result) => {
                setIssued({ ...result, what: "Invitation" });
                setEmail("");
              },
            },
          );
        }}
      >
        <div className="min-w-56 flex-1">
          <TextField
            label="E-mail"
            type="email"
            value={email}
            onChange={setEmail}
            maxLength={254}
            required
            error={fields.find((f) => f.path === "email")?.message}
          />
        </div>
        <label className="text-sm">
          <span className="font-medium">Role</span>
          <select className={inputClass} value={role} onChange={(e) => setRole(e.target.value as Role)}>
            <RoleOptions />
          </select>
        </label>
        <button type="submit" className={`${smallButton} mb-0.5`} disabled={!email.trim() || invite.isPending}>
          Send invitation
        </button>
      </form>
      {issued && <IssuedLink issued={issued} />}
      {open.length > 0 && (
        <>
          <h3 className="mt-4 text-sm font-semibold">Not accepted yet</h3>
          <ul className="mt-1 space-y-1 text-sm">
            {open.map((i) => (
              <li key={i.email} className="break-all">
                {i.email} · {i.role ? roleLabels[i.role] : "viewer"} · invited by {i.createdByName}, until{" "}
                {i.expiresAt.toISOString().slice(0, 10)}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
