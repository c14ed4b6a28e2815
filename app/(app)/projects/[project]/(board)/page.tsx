import { notFound } from "next/navigation";
import type { Metadata } from "next";
import { runtime } from "@/server/runtime";
import { projectExists } from "@/server/queries/projects";
import { getBoardAt, transitionTimes } from "@/server/queries/history";
import { HydrateClient, getQueryClient, trpc } from "@/app/_trpc/server";
import { Board } from "../board";
import { requireUser } from "@/app/_auth/current-user";
import { BoardAsOf } from "../history/board-as-of";
import { TimeControl } from "../history/time-control";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ project: string }>; searchParams: Promise<{ at?: string | string[] }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  return { title: (await params).project };
}

const scrubberDays = 30;

export default async function BoardPage({ params, searchParams }: Params) {
  const { project } = await params;
  const { at: atParam } = await searchParams;
  const user = await requireUser();
  const db = runtime().db;
  if (!(await projectExists(db, project))) notFound();
  const now = new Date();
  const from = new Date(now.getTime() - scrubberDays * 86_400_000);
  const ticks = (await transitionTimes(db, project, from, now)).map((t) => t.at.toISOString());
  const at = typeof atParam === "string" ? new Date(atParam) : null;
  const validAt = at && !Number.isNaN(at.getTime()) ? at : null;
  const control = (
    <TimeControl
      project={project}
      at={validAt?.toISOString() ?? null}
      from={from.toISOString()}
      to={now.toISOString()}
      ticks={ticks}
    />
  );
  if (validAt) {
    const board = await getBoardAt(db, project, validAt);
    return (
      <>
        <h1 className="mb-4 text-2xl font-semibold tracking-tight">{board.project.name}</h1>
        {control}
        <BoardAsOf board={board} />
      </>
    );
  }
  await getQueryClient().prefetchQuery(trpc.board.board.queryOptions({ project }));
  return (
    <HydrateClient>
      {atParam !== undefined && (
        <p role="alert" className="mb-4 text-sm text-danger-800 dark:text-danger-300">
          “{String(atParam)}” is not a time; showing the board now.
        </p>
      )}
      <Board project={project} role={user.role} timeControl={control} />
    </HydrateClient>
  );
}
