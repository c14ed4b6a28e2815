"use client";

import { ErrorState, Skeleton } from "@/app/_components/states";
import { inputClass } from "@/app/_components/form";
import { type Role } from "@/server/domain/permissions";
import { card, smallButton, usePeople } from "./use-people";
import { useState } from "react";
import { Dialog, DialogTitle } from "@/app/_components/ui/dialog";
import { IssuedLink, RoleOptions, type Issued } from "./invite-section";

/** Everyone who can sign in: role, teams, and whether they may sign in at all. */
export function PeopleList({ selfId }: { selfId: string }) {
  const { people, setRole, disable, enable, resetPassword } = usePeople();
  const [resetting, setResetting] = useState<{ email: string; name: string } | null>(null);
  const [issued, setIssued] = useState<Issued | null>(null);
  if (people.isPending) return <Skeleton className="h-64" />;
  if (people.isError) return <ErrorState error={people.error} retry={() => people.refetch()} />;
  const { users } = people.data;
  return (
    <section aria-labelledby="people-heading" className={card}>
      <h2 id="people-heading" className="text-lg font-semibold">
        Everyone ({users.length})
      </h2>
      {users.length === 0 ? (
        <p className="mt-2 text-sm text-ink-600">Nobody yet.</p>
      ) : (
        <ul className="mt-3 divide-y divide-ink-200 dark:divide-ink-800">
          {users.map((u) => (
            <li key={u.id} aria-label={u.name} className="flex flex-wrap items-center gap-x-4 gap-y-2 py-3">
              <div className="min-w-48 flex-1">
                <p className="font-medium">
                  {u.name} {u.disabledAt && <span className="text-sm font-normal text-danger-700">(disabled)</span>}
                </p>
                <p className="break-all text-sm text-ink-600 dark:text-ink-400">{u.email}</p>
                <p className="text-sm text-ink-600 dark:text-ink-400">
                  {u.teams.length ? `Teams: ${u.teams.map((t) => t.name).join(", ")}` : "In no team"}
                </p>
              </div>
              <label className="text-sm">
                <span className="sr-only">Role of {u.name}</span>
                <select
                  className={inputClass}
                  value={u.role}
                  disabled={u.id === selfId || setRole.isPending}
                  title={u.id === selfId ? "Another admin changes your own role" : undefined}
                  onChange={(e) => setRole.mutate({ email: u.email, role: e.target.value as Role })}
                >
                  <RoleOptions />
                </select>
              </label>
              {u.disabledAt ? (
                <button type="button" className={smallButton} onClick={() => enable.mutate({ email: u.email })}>
                  Enable {u.name}
                </button>
              ) : (
                <button
                  type="button"
                  className={smallButton}
                  disabled={u.id === selfId}
                  onClick={() => disable.mutate({ email: u.email })}
                >
                  Disable {u.name}
                </button>
              )}
              {!u.disabledAt && u.id !== selfId && (
                <button
                  type="button"
                  className={smallButton}
                  onClick={() => {
                    setIssued(null);
                    setResetting({ email: u.email, name: u.name });
                  }}
                >
                  Reset password of {u.name}
                </button>
              )}
              {issued?.email === u.email && (
                <div className="basis-full">
                  <IssuedLink issued={issued} />
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      <Dialog open={resetting !== null} labelledBy="reset-heading" onClose={() => setResetting(null)}>
        <DialogTitle id="reset-heading">Reset the password of {resetting?.name}?</DialogTitle>
        <p className="mt-2 text-sm">
          Their password stops working and every session of theirs ends now. They get a one-time link, good for a day,
          to choose a new password.
        </p>
        <div className="mt-4 flex justify-end gap-2">
          <button type="button" className={smallButton} onClick={() => setResetting(null)}>
            Cancel
          </button>
          <button
            type="button"
            className={smallButton}
            disabled={resetPassword.isPending}
            onClick={() =>
              resetting &&
              resetPassword.mutate(
                { email: resetting.email },
                {
                  onSuccess: (result) => setIssued({ ...result, what: "Password reset" }),
                  onSettled: () => setResetting(null),
                },
              )
            }
          >
            Reset password
          </button>
        </div>
      </Dialog>
    </section>
  );
}
