"use client";

import { Inbox as InboxIcon } from "lucide-react";
import { EmptyState } from "@/app/_components/ui/empty-state";
import { buttonVariants } from "@/app/_components/ui/button";
import Link from "next/link";
import { ReleaseNotes } from "@/app/_components/release-notes";
import { useEffect, useRef, useState } from "react";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/router";
import { useTRPC } from "@/app/_trpc/client";
import { ErrorState, Skeleton } from "@/app/_components/states";
import { CheckChips } from "../projects/[project]/gates";
import { StillMissing } from "./still-missing";
import { signoffMessage } from "@/app/_components/signoff-message";
import { inboxInput, inboxPaging, type Highlight } from "./inbox-query";

type Item = inferRouterOutputs<AppRouter>["account"]["inbox"]["items"][number];

export function Inbox({ highlight = null }: { highlight?: Highlight }) {
  const trpc = useTRPC();
  // A page at a time (the first 50, then "Show more"); the linked release, when waiting, comes first.
  const inbox = useInfiniteQuery(trpc.account.inbox.infiniteQueryOptions(inboxInput(highlight), inboxPaging));
  const items = inbox.data?.pages.flatMap((p) => p.items) ?? [];
  const total = inbox.data?.pages[0]?.total ?? 0;
  // The decided card leaves the list: what happened is said here, where it stays.
  const [said, setSaid] = useState("");
  const isHighlighted = (item: Item) =>
    highlight?.project === item.project.slug && highlight.version === item.release.version;
  const missing = highlight && inbox.data && !items.some(isHighlighted);
  // One live region for both, so an answer and a "not waiting any more" are read out alike.
  const status = (
    <div role="status" className={said || missing ? "mb-4 space-y-2" : "sr-only"}>
      {said && (
        <p className="rounded-lg border border-success-300 bg-success-50 p-3 text-sm font-medium text-success-950 dark:border-success-800 dark:bg-success-950/50 dark:text-success-50">
          {said}
        </p>
      )}
      {missing && <NotWaiting highlight={highlight} />}
    </div>
  );
  if (inbox.isPending) return <Skeleton className="h-40" />;
  if (inbox.isError) return <ErrorState error={inbox.error} retry={() => inbox.refetch()} />;
  if (items.length === 0) {
    return (
      <>
        {status}
        <EmptyState icon={InboxIcon} title="Nothing is waiting for you.">
          Releases appear here when they are ready to enter an environment that needs your sign-off.
        </EmptyState>
      </>
    );
  }
  return (
    <>
      {status}
      <ul className="space-y-4">
        {items.map((item) => (
          <li key={`${item.project.slug}/${item.release.version}`}>
            <InboxItem item={item} highlighted={isHighlighted(item)} onDecided={setSaid} />
          </li>
        ))}
      </ul>
      {inbox.hasNextPage && (
        <div className="mt-4 flex flex-wrap items-center gap-3">
          <button
            type="button"
            disabled={inbox.isFetchingNextPage}
            onClick={() => void inbox.fetchNextPage()}
            className={buttonVariants({ variant: "secondary" })}
          >
            {inbox.isFetchingNextPage ? "Loading…" : "Show more"}
          </button>
          <span className="text-sm text-ink-600 dark:text-ink-300">
            {items.length} of {total} shown
          </span>
        </div>
      )}
    </>
  );
}

/** The linked release has been decided or has moved since the message was sent. */
function NotWaiting({ highlight }: { highlight: NonNullable<Highlight> }) {
  return (
    <p className="rounded-lg border border-warning-300 bg-warning-50 p-3 text-sm dark:border-warning-800 dark:bg-warning-950/40">
      {highlight.version} of {highlight.project} is not waiting for your decision any more (decided, or moved on).{" "}
      <Link
        href={`/projects/${encodeURIComponent(highlight.project)}/releases/${encodeURIComponent(highlight.version)}`}
        className="underline"
      >
        Open the release
      </Link>
    </p>
  );
}

/** The two decisions, in the order they are offered. */
const decisions = [
  { decision: "approve", name: "Approve", variant: "approve" },
  { decision: "reject", name: "Reject", variant: "danger" },
] as const;

function InboxItem({
  item,
  highlighted,
  onDecided,
}: {
  item: Item;
  highlighted: boolean;
  onDecided: (message: string) => void;
}) {
  const trpc = useTRPC();
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    if (!highlighted) return;
    ref.current?.scrollIntoView({ block: "center" });
    ref.current?.focus({ preventScroll: true });
  }, [highlighted]);
  const queryClient = useQueryClient();
  const [comment, setComment] = useState("");
  const decide = useMutation(
    trpc.moves.signOff.mutationOptions({
      onSuccess: (result, input) => {
        onDecided(
          signoffMessage({
            version: item.release.version,
            decision: input.decision,
            approvals: item.approvals.length + (input.decision === "approve" ? 1 : 0),
            required: item.environment.requiredSignoffs,
            environmentName: item.environment.name,
            last: item.environment.last,
            promoted: result.autoPromoted.some(
              (p) => p.version === item.release.version && p.to === item.environment.slug,
            ),
            waitingFor: item.gates.find((g) => !g.met && g.gate !== "signoffs")?.reason,
          }),
        );
        return queryClient.invalidateQueries();
      },
    }),
  );
  const label = `${item.project.name} ${item.release.version}`;
  const submit = (decision: "approve" | "reject") =>
    decide.mutate({
      project: item.project.slug,
      version: item.release.version,
      environment: item.environment.slug,
      decision,
      comment: comment.trim() || undefined,
    });

  return (
    <article
      ref={ref}
      aria-label={label}
      aria-current={highlighted ? "true" : undefined}
      tabIndex={highlighted ? -1 : undefined}
      className={`min-w-0 break-words rounded-lg border bg-white p-4 shadow-sm outline-none dark:bg-ink-900 ${
        highlighted
          ? "border-accent-500 ring-4 ring-accent-300 dark:ring-accent-700"
          : "border-ink-200 dark:border-ink-800"
      }`}
    >
      {highlighted && (
        <p className="mb-2 text-xs font-semibold uppercase tracking-wide text-accent-700 dark:text-accent-300">
          From your notification
        </p>
      )}
      <header className="flex flex-wrap items-baseline gap-x-3">
        <h2 className="min-w-0 font-semibold [overflow-wrap:anywhere]">
          <Link
            href={`/projects/${item.project.slug}/releases/${encodeURIComponent(item.release.version)}`}
            className="hover:underline"
          >
            {item.project.name} <span className="font-mono">{item.release.version}</span>
          </Link>{" "}
          → {item.environment.name}
        </h2>
        <span className="text-sm text-ink-500">
          {item.approvals.length} of {item.environment.requiredSignoffs} approvals
          {item.approvals.length ? ` (${item.approvals.join(", ")})` : ""}
        </span>
      </header>
      <CheckChips items={item.gates} />
      <Changes item={item} />
      <StillMissing
        version={item.release.version}
        environment={item.environment.name}
        last={item.environment.last}
        gates={item.gates}
      />
      <div className="mt-4 flex flex-wrap items-end gap-3">
        <label className="w-full text-sm sm:w-auto sm:min-w-64 sm:flex-1">
          <span className="block font-medium">Comment (required to reject)</span>
          <input
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            className="mt-1 block w-full rounded-md border border-ink-300 bg-white px-3 py-2 dark:border-ink-700 dark:bg-ink-900"
          />
        </label>
        {decisions.map(({ decision, name, variant }) => (
          <button
            key={decision}
            type="button"
            disabled={decide.isPending}
            onClick={() => submit(decision)}
            className={buttonVariants({ variant, size: "lg", className: "flex-1 sm:flex-none" })}
          >
            {name}
          </button>
        ))}
      </div>
      {decide.error && (
        <p role="alert" className="mt-2 text-sm text-danger-700 dark:text-danger-400">
          {decide.error.data?.domain?.fields?.[0]?.message ?? decide.error.message}
        </p>
      )}
    </article>
  );
}

/** The changes since what is live there, each once: those the notes list are read in the notes. */
function Changes({ item }: { item: Item }) {
  const { changes } = item;
  const since = `${changes.length} change${changes.length === 1 ? "" : "s"} since ${item.live ? item.live.version : "the start"} (live in ${item.environment.name})`;
  const notes = item.release.notesHtml;
  const rest = notes ? changes.filter((c) => !c.inNotes) : changes;
  return (
    <section aria-label="Changes" className="mt-3 text-sm">
      <h3 className="font-medium">{since}</h3>
      {item.live && (
        <Link
          href={`/projects/${item.project.slug}/compare/${encodeURIComponent(item.live.version)}...${encodeURIComponent(item.release.version)}`}
          className="text-accent-700 hover:underline dark:text-accent-300"
        >
          Compare with live
        </Link>
      )}
      {notes && <ReleaseNotes html={notes} className="mt-2 text-ink-700 dark:text-ink-300" />}
      {rest.length > 0 && (
        <details className="mt-2" open={rest.length <= 6}>
          <summary className="cursor-pointer">
            {notes
              ? `${rest.length} more, not in the notes`
              : `The ${rest.length === 1 ? "change" : `${rest.length} changes`}`}
          </summary>
          <ul className="mt-1 list-disc pl-5">
            {rest.map((c) => (
              <li key={`${c.releaseId}-${c.position}`}>
                <span className="font-mono text-xs">{c.ref}</span> {c.title}
                <span className="text-ink-500">
                  {" "}
                  — {c.version}
                  {c.author ? `, ${c.author}` : ""}
                </span>
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
