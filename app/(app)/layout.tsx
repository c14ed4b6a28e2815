import Link from "next/link";
import { requireUser } from "@/app/_auth/current-user";
import { can, roleLabels } from "@/server/domain/permissions";
import { SignOutButton } from "./sign-out-button";
import { InboxLink } from "./inbox-link";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  const signsOff = can(user.role, "signoff");
  return (
    <>
      <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <nav aria-label="Main" className="mx-auto flex h-12 max-w-[1800px] items-center gap-6 px-4">
          <Link href="/" className="font-semibold tracking-tight">
            Releaseboard
          </Link>
          <Link href="/" className="text-sm text-slate-600 hover:text-slate-900 dark:text-slate-300 dark:hover:text-white">
            Projects
          </Link>
          <Link href="/activity" className="text-sm text-slate-600 hover:text-slate-900 dark:text-slate-300 dark:hover:text-white">
            Activity
          </Link>
          {signsOff && <InboxLink />}
          <Link href="/profile" title="Your profile and notifications" className="ml-auto text-sm text-slate-600 hover:underline dark:text-slate-300">
            {user.name} <span className="text-slate-500">· {roleLabels[user.role]}</span>
          </Link>
          <SignOutButton />
        </nav>
      </header>
      <main className="mx-auto max-w-[1800px] px-4 py-6">{children}</main>
    </>
  );
}
