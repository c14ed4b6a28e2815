import Link from "next/link";
import { Rocket } from "lucide-react";
import { requireUser } from "@/app/_auth/current-user";
import { can, roleLabels } from "@/server/domain/permissions";
import { SignOutButton } from "./sign-out-button";
import { InboxLink } from "./inbox-link";
import { JumpToRelease } from "./jump-to-release";
import { TopBarMenu } from "./top-bar-menu";

const navLink = "rounded-md px-2 py-1 text-sm font-medium text-ink-600 hover:bg-raised hover:text-fg dark:text-ink-300";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  const signsOff = can(user.role, "signoff");
  // Rendered twice: in the bar from `md` up, in the menu below it (only one is ever in the page).
  const links = (
    <>
      <Link href="/" className={navLink}>
        Projects
      </Link>
      <Link href="/activity" className={navLink}>
        Activity
      </Link>
      <Link href="/insights" className={navLink}>
        Insights
      </Link>
      {signsOff && <InboxLink />}
      {can(user.role, "user.manage") && (
        <Link href="/people" className={navLink}>
          People
        </Link>
      )}
    </>
  );
  const account = (
    <Link
      href="/profile"
      title="Your profile and notifications"
      className="text-sm text-ink-600 hover:underline dark:text-ink-300"
    >
      {user.name} <span className="text-ink-500">· {roleLabels[user.role]}</span>
    </Link>
  );
  return (
    <>
      <header className="relative border-b border-line bg-surface print:hidden">
        <nav aria-label="Main" className="mx-auto flex h-12 max-w-page items-center gap-4 px-4 sm:px-6">
          <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight">
            <Rocket aria-hidden className="size-5 text-accent-600 dark:text-accent-400" />
            Releaseboard
          </Link>
          <div className="hidden items-center gap-1 md:flex">{links}</div>
          <div className="ml-auto flex items-center gap-4">
            <JumpToRelease />
            <div className="hidden items-center gap-4 md:flex">
              {account}
              <SignOutButton />
            </div>
            <TopBarMenu>
              {links}
              {account}
              <SignOutButton />
            </TopBarMenu>
          </div>
        </nav>
      </header>
      <main className="mx-auto max-w-page px-4 py-6 sm:px-6">{children}</main>
    </>
  );
}
