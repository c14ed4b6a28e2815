"use client";

import { useState } from "react";
import { ErrorState, Skeleton } from "@/app/_components/states";
import { TextField, inputClass } from "@/app/_components/form";
import { slugFrom } from "@/app/_components/slug";
import { card, smallButton, usePeople } from "./use-people";

/** Teams, which protected environments name by slug: create them and choose who is in them. */
export function TeamsSection() {
  const { people, createTeam, addMembers, removeMembers } = usePeople();
  const [name, setName] = useState("");
  const [adding, setAdding] = useState<Record<string, string>>({});
  if (people.isPending) return <Skeleton className="h-64" />;
  if (people.isError) return <ErrorState error={people.error} retry={() => people.refetch()} />;
  const { teams, users } = people.data;
  const slug = slugFrom(name);
  return (
    <section aria-labelledby="teams-heading" className={card}>
      <h2 id="teams-heading" className="text-lg font-semibold">
        Teams
      </h2>
      <form
        className="mt-3 flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          createTeam.mutate({ slug, name: name.trim() }, { onSuccess: () => setName("") });
        }}
      >
        <div className="min-w-48 flex-1">
          <TextField
            label="New team"
            hint={slug ? `Pipelines name it ${slug}` : "e.g. Finance"}
            value={name}
            onChange={setName}
            maxLength={100}
          />
        </div>
        <button type="submit" className={`${smallButton} mb-5`} disabled={!slug || createTeam.isPending}>
          Create team
        </button>
      </form>
      {teams.length === 0 && <p className="text-sm text-ink-600">No teams yet.</p>}
      <ul className="mt-2 space-y-4">
        {teams.map((team) => {
          const outside = users.filter((u) => !team.members.some((m) => m.id === u.id));
          const chosen = adding[team.slug] ?? "";
          return (
            <li
              key={team.slug}
              aria-label={`Team ${team.name}`}
              className="rounded-lg border border-ink-200 p-3 dark:border-ink-800"
            >
              <p className="font-medium">
                {team.name} <span className="text-sm font-normal text-ink-500">({team.slug})</span>
              </p>
              {team.members.length === 0 ? (
                <p className="text-sm text-ink-600">Nobody in it yet.</p>
              ) : (
                <ul className="mt-1 space-y-1">
                  {team.members.map((m) => (
                    <li key={m.id} className="flex items-center justify-between gap-2 text-sm">
                      <span className="break-all">
                        {m.name} · {m.email}
                      </span>
                      <button
                        type="button"
                        className={smallButton}
                        onClick={() => removeMembers.mutate({ team: team.slug, emails: [m.email] })}
                      >
                        Remove {m.name} from {team.name}
                      </button>
                    </li>
                  ))}
                </ul>
              )}
              {outside.length > 0 && (
                <div className="mt-2 flex flex-wrap items-center gap-2">
                  <label className="text-sm">
                    <span className="sr-only">Add to {team.name}</span>
                    <select
                      className={inputClass}
                      value={chosen}
                      onChange={(e) => setAdding({ ...adding, [team.slug]: e.target.value })}
                    >
                      <option value="">Choose a person…</option>
                      {outside.map((u) => (
                        <option key={u.id} value={u.email}>
                          {u.name}
                        </option>
                      ))}
                    </select>
                  </label>
                  <button
                    type="button"
                    className={smallButton}
                    disabled={!chosen || addMembers.isPending}
                    onClick={() =>
                      addMembers.mutate(
                        { team: team.slug, emails: [chosen] },
                        { onSuccess: () => setAdding({ ...adding, [team.slug]: "" }) },
                      )
                    }
                  >
                    Add to {team.name}
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
