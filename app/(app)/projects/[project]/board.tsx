"use client";

import Link from "next/link";
import { memo } from "react";
import { useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/router";
import { useTRPC } from "@/app/_trpc/client";
import { RelativeTime } from "@/app/_components/relative-time";
import { ErrorState, Skeleton } from "@/app/_components/states";
import { CheckChips, GateChecklist } from "./gates";

type BoardData = inferRouterOutputs<AppRouter>["board"]["board"];
type Column = BoardData["columns"][number];
type Card = Column["cards"][number];

export function Board({ project }: { project: string }) {
  const trpc = useTRPC();
  const board = useQuery(trpc.board.board.queryOptions({ project }));
  if (board.isPending) {
    return (
      <div className="flex gap-4" aria-busy>
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} className="h-96 w-72 shrink-0" />
        ))}
      </div>
    );
  }
  if (board.isError) return <ErrorState error={board.error} retry={() => board.refetch()} />;
  const { columns } = board.data;
  return (
    <div>
      <h1 className="mb-4 text-2xl font-semibold tracking-tight">{board.data.project.name}</h1>
      {columns.length === 0 ? (
        <p className="text-slate-600">This project has no environments yet.</p>
      ) : (
        <div className="flex gap-4 overflow-x-auto pb-4">
          {columns.map((column, index) => (
            <EnvironmentColumn key={column.environment.id} column={column} previous={columns[index - 1]} project={project} />
          ))}
        </div>
      )}
    </div>
  );
}

function emptyHint(column: Column, previous: Column | undefined): string {
  if (!previous) return "New releases appear here when CI creates them.";
  const how = column.environment.autoPromote ? "arrive by themselves once their gates hold" : "are promoted here by a release manager";
  return `Releases from ${previous.environment.name} ${how}.`;
}

function EnvironmentColumn({ column, previous, project }: { column: Column; previous?: Column; project: string }) {
  const { environment, lock, freeze } = column;
  const headingId = `column-${environment.slug}`;
  return (
    <section
      aria-labelledby={headingId}
      className={`flex w-80 shrink-0 flex-col rounded-xl border p-3 ${
        lock || freeze
          ? "border-amber-400 bg-amber-50 dark:border-amber-700 dark:bg-amber-950/40"
          : "border-slate-200 bg-slate-100 dark:border-slate-800 dark:bg-slate-900/60"
      }`}
    >
      <header className="mb-3">
        <div className="flex items-baseline justify-between gap-2">
          <h2 id={headingId} className="font-semibold">
            {environment.name}
          </h2>
          <span className="text-xs text-slate-500">
            {column.cards.length}
            {environment.capacity ? ` / ${environment.capacity}` : ""}
          </span>
        </div>
        <p className="mt-0.5 text-xs text-slate-500 dark:text-slate-400">
          {environment.autoPromote ? "Auto-promotes" : "Manual promotion"}
          {environment.requiredSignoffs > 0 ? ` · ${environment.requiredSignoffs} sign-off${environment.requiredSignoffs > 1 ? "s" : ""}` : ""}
        </p>
        {lock && (
          <p className="mt-2 rounded-md bg-amber-200/70 px-2 py-1 text-xs text-amber-950 dark:bg-amber-900 dark:text-amber-100">
            🔒 Locked by {lock.actorName}: {lock.reason}
          </p>
        )}
        {freeze && (
          <p className="mt-2 rounded-md bg-sky-200/70 px-2 py-1 text-xs text-sky-950 dark:bg-sky-900 dark:text-sky-100">
            ❄ Frozen until {freeze.until}
            {freeze.reason ? `: ${freeze.reason}` : ""}
          </p>
        )}
      </header>
      <ol className="flex flex-col gap-2">
        {column.cards.map((card, index) => (
          <li key={card.id}>
            <ReleaseCard card={card} project={project} live={column.environment.capacity === 1 && index === 0 && !card.next} />
          </li>
        ))}
      </ol>
      {column.cards.length === 0 && <p className="rounded-lg border border-dashed border-slate-300 p-3 text-xs text-slate-500 dark:border-slate-700">{emptyHint(column, previous)}</p>}
      {column.previous.length > 0 && (
        <details className="mt-3 text-xs text-slate-500">
          <summary className="cursor-pointer">Previously live ({column.previous.length})</summary>
          <ul className="mt-1 space-y-1">
            {column.previous.map((card) => (
              <li key={card.id}>
                <Link className="underline" href={`/projects/${project}/releases/${encodeURIComponent(card.version)}`}>
                  {card.version}
                </Link>{" "}
                superseded <RelativeTime date={card.enteredAt} suffix />
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

const ReleaseCard = memo(function ReleaseCard({ card, project, live }: { card: Card; project: string; live: boolean }) {
  const blocked = card.next && !card.next.allMet;
  return (
    <article
      aria-label={card.version}
      className="rounded-lg border border-slate-200 bg-white p-3 shadow-sm dark:border-slate-700 dark:bg-slate-800"
    >
      <div className="flex items-baseline justify-between gap-2">
        <Link href={`/projects/${project}/releases/${encodeURIComponent(card.version)}`} className="font-mono text-sm font-semibold hover:underline">
          {card.version}
        </Link>
        {live && <span className="rounded bg-emerald-100 px-1.5 text-xs font-medium text-emerald-800 dark:bg-emerald-900 dark:text-emerald-100">live</span>}
      </div>
      <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">
        {card.commitSha ? <span className="font-mono">{card.commitSha.slice(0, 7)}</span> : "no commit"}
        {card.branch ? ` · ${card.branch}` : ""} · here for <RelativeTime date={card.enteredAt} />
      </p>
      {card.next && (
        <>
          <CheckChips items={card.next.items} />
          {card.next.items.some((i) => i.gate === "signoffs") && (
            <p className="mt-1 text-xs text-slate-600 dark:text-slate-300">
              Sign-offs: {card.approvals}
            </p>
          )}
          {blocked ? (
            <GateChecklist target={card.next.environmentName} items={card.next.items} />
          ) : (
            <p className="mt-2 text-xs text-emerald-700 dark:text-emerald-400">Ready for {card.next.environmentName}</p>
          )}
        </>
      )}
    </article>
  );
});
