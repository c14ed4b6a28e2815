import type { Metadata } from "next";
import { HydrateClient, getQueryClient, trpc } from "@/app/_trpc/server";
import { requireUser } from "@/app/_auth/current-user";
import { can } from "@/server/domain/permissions";
import { parseReleaseParam } from "@/server/domain/notifications";
import { Inbox } from "./inbox";
import { inboxInput, inboxPaging } from "./inbox-query";
import { PageHeader } from "@/app/_components/ui/page-shell";

export const metadata: Metadata = { title: "Sign-offs" };
export const dynamic = "force-dynamic";

export default async function SignoffsPage({
  searchParams,
}: {
  searchParams: Promise<{ release?: string | string[] }>;
}) {
  const user = await requireUser();
  const { release } = await searchParams;
  // ?release=<project>/<version>: the link in a sign-off e-mail or chat message.
  const highlight = parseReleaseParam(typeof release === "string" ? release : null);
  const allowed = can(user.role, "signoff");
  if (allowed)
    await getQueryClient().prefetchInfiniteQuery(
      trpc.account.inbox.infiniteQueryOptions(inboxInput(highlight), inboxPaging),
    );
  return (
    <HydrateClient>
      <PageHeader title="Waiting for your sign-off" />
      {allowed ? (
        <Inbox highlight={highlight} />
      ) : (
        <p className="text-ink-600">Only business owners sign off on go-live.</p>
      )}
    </HydrateClient>
  );
}
