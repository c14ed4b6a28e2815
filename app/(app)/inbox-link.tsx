"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/app/_trpc/client";

export function InboxLink() {
  const trpc = useTRPC();
  // The count only: one item read in full, every waiting one counted.
  const inbox = useQuery({ ...trpc.account.inbox.queryOptions({ limit: 1 }), refetchInterval: 15_000 });
  const count = inbox.data?.total ?? 0;
  return (
    <Link href="/signoffs" className="text-sm text-ink-600 hover:text-ink-900 dark:text-ink-300 dark:hover:text-white">
      Sign-offs
      {count > 0 && (
        <span
          aria-label={`${count} waiting`}
          className="ml-1 inline-flex items-center rounded-full bg-accent-600 px-1.5 text-xs font-semibold text-white tabular-nums"
        >
          {count}
        </span>
      )}
    </Link>
  );
}
