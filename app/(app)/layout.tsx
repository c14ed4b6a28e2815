import Link from "next/link";
import { Rocket } from "lucide-react";
import { requireUser } from "@/app/_auth/current-user";
import { can, roleLabels } from "@/server/domain/permissions";
import { SignOutButton } from "./sign-out-button";
import { InboxLink } from "./inbox-link";
import { JumpToRelease } from "./jump-to-release";
import { TopBarMenu, type NavEntry } from "./top-bar-menu";

const navLink = "rounded-md px-2 py-1 text-sm font-medium text-ink-600 hover:bg-raised hover:text-fg dark:text-ink-300";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  const signsOff = can(user.role, "signoff");
  // The bar's links from `md` up; below it the same entries are the items of TopBarMenu.
  const links: NavEntry[] = [
    { href: "/", label: "Projects" },
    { href: "/activity", label: "Activity" },
    { href: "/insights", label: "Insights" },
    ...(can(user.role, "user.manage") ? [{ href: "/people", label: "People" }] : []),
  ];
  const inboxAfter = signsOff ? 3 : null;
  const barLinks = links.map((link) => (
    <Link key={link.href} href={link.href} className={navLink}>
      {link.label}
    </Link>
  ));
  if (inboxAfter !== null) barLinks.splice(inboxAfter, 0, <InboxLink key="/signoffs" className={navLink} />);
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
          <div className="hidden items-center gap-1 md:flex">{barLinks}</div>
          <div className="ml-auto flex items-center gap-4">
            <JumpToRelease />
            <div className="hidden items-center gap-4 md:flex">
              {account}
              <SignOutButton />
            </div>
            <TopBarMenu
              links={links}
              inboxAfter={inboxAfter}
              account={{ name: user.name, role: roleLabels[user.role] }}
            />
          </div>
        </nav>
      </header>
      <main className="mx-auto max-w-page px-4 py-6 sm:px-6">{children}</main>
    </>
  );
}
