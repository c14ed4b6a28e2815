"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/app/_trpc/client";

/** The number of releases waiting for the signed-in person's sign-off, refreshed every 15 s. */
function useInboxCount() {
  const trpc = useTRPC();
  // The count only: one item read in full, every waiting one counted.
  const inbox = useQuery({ ...trpc.account.inbox.queryOptions({ limit: 1 }), refetchInterval: 15_000 });
  return inbox.data?.total ?? 0;
}

/** "Sign-offs" with a count of what waits: in the top bar, and as an item of its menu on a phone. */
export function InboxLabel() {
  const count = useInboxCount();
  return (
    <>
      Sign-offs
      {count > 0 && (
        <span
          aria-label={`${count} waiting`}
          className="ml-1 inline-flex items-center rounded-full bg-accent-600 px-1.5 text-xs font-semibold text-white tabular-nums"
        >
          {count}
        </span>
      )}
    </>
  );
}

export function InboxLink({ className }: { className?: string }) {
  return (
    <Link href="/signoffs" className={className}>
      <InboxLabel />
    </Link>
  );
}
