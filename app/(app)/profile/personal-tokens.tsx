"use client";

import { Button } from "@/app/_components/ui/button";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toast } from "@/app/_components/ui/toast";
import { useTRPC } from "@/app/_trpc/client";
import { ErrorState, Skeleton } from "@/app/_components/states";

const field =
  "mt-1 w-full rounded-md border border-ink-300 bg-white px-2 py-1 text-sm dark:border-ink-700 dark:bg-ink-950";

/**
 * The caller's personal access tokens (README: Personal access tokens): create one (shown once),
 * see when each expires, revoke it.
 */
export function PersonalTokens() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tokens = useQuery(trpc.account.personalTokens.queryOptions());
  const [name, setName] = useState("");
  const [days, setDays] = useState("90");
  const [created, setCreated] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.account.personalTokens.queryKey() });
  const create = useMutation(
    trpc.account.createPersonalToken.mutationOptions({
      onSuccess: (result) => {
        setCreated(result.token);
        setName("");
        void refresh();
      },
      onError: (error) => toast.error("No token was created", { description: error.message }),
    }),
  );
  const revoke = useMutation(
    trpc.account.revokePersonalToken.mutationOptions({
      onSuccess: () => {
        toast.success("Token revoked");
        void refresh();
      },
      onError: (error) => toast.error("Not revoked", { description: error.message }),
    }),
  );
  return (
    <section
      aria-labelledby="personal-tokens"
      className="mt-6 max-w-xl rounded-xl border border-ink-200 bg-white p-4 shadow-sm dark:border-ink-800 dark:bg-ink-900"
    >
      <h2 id="personal-tokens" className="text-lg font-semibold">
        Personal access tokens
      </h2>
      <p className="mt-1 text-sm text-ink-600 dark:text-ink-400">
        Use the public API as yourself, with your role: <code className="font-mono">Authorization: Bearer rbp_…</code>.
      </p>
      <form
        className="mt-3 grid gap-3 sm:grid-cols-[1fr_8rem_auto] sm:items-end"
        onSubmit={(event) => {
          event.preventDefault();
          setCreated(null);
          create.mutate({ name, expiresInDays: Number(days) });
        }}
      >
        <label className="text-sm">
          Name
          <input className={field} value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
        </label>
        <label className="text-sm">
          Expires in (days)
          <input
            className={field}
            type="number"
            min={1}
            max={365}
            value={days}
            onChange={(e) => setDays(e.target.value)}
            required
          />
        </label>
        <Button type="submit" disabled={create.isPending} variant="primary">
          Create token
        </Button>
      </form>
      {created && (
        <div
          role="status"
          className="mt-3 rounded-md border border-success-300 bg-success-50 p-3 text-sm dark:border-success-800 dark:bg-success-950"
        >
          <p>Copy it now: it is shown this once.</p>
          <code className="mt-1 block break-all font-mono" aria-label="New token">
            {created}
          </code>
        </div>
      )}
      {tokens.isPending ? (
        <Skeleton className="mt-3 h-16" />
      ) : tokens.isError ? (
        <ErrorState error={tokens.error} retry={() => tokens.refetch()} />
      ) : tokens.data.length === 0 ? (
        <p className="mt-3 text-sm text-ink-600 dark:text-ink-400">You have no tokens.</p>
      ) : (
        <ul className="mt-3 divide-y divide-ink-200 text-sm dark:divide-ink-800" aria-label="Your tokens">
          {tokens.data.map((token) => {
            const expired = new Date(token.expiresAt) <= new Date();
            return (
              <li key={token.id} aria-label={token.name} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2">
                <span className="font-medium">{token.name}</span>
                <code className="font-mono text-xs text-ink-600 dark:text-ink-400">{token.hint}…</code>
                <span className="text-xs text-ink-600 dark:text-ink-400">
                  {token.revokedAt
                    ? "revoked"
                    : `${expired ? "expired" : "expires"} ${new Date(token.expiresAt).toISOString().slice(0, 10)}`}
                </span>
                {!token.revokedAt && !expired && (
                  <button
                    type="button"
                    onClick={() => revoke.mutate({ id: token.id })}
                    className="ml-auto text-sm text-danger-700 hover:underline dark:text-danger-400"
                  >
                    Revoke {token.name}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
