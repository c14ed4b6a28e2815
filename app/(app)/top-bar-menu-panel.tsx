"use client";

import Link from "next/link";
import { Menu as MenuIcon } from "lucide-react";
import { IconButton } from "@/app/_components/ui/button";
import { Menu, MenuContent, MenuItem, MenuSeparator, MenuTrigger } from "@/app/_components/ui/menu";
import { InboxLabel } from "./inbox-link";
import { useSignOut } from "./sign-out-button";

export type NavEntry = { href: string; label: string };

/**
 * Below `md` the top bar's links, the profile and Sign out fold into this menu, on the Radix menu
 * of app/_components/ui: Enter, Space or ↓ opens it on its first item, arrows and typeahead move,
 * Escape closes it and puts focus back on the button.
 */
export default function TopBarMenuPanel({
  links,
  inboxAfter,
  account,
}: {
  links: NavEntry[];
  /** Where "Sign-offs" goes in the list (after this many links), or null when the person does not sign off. */
  inboxAfter: number | null;
  account: { name: string; role: string };
}) {
  const { busy, signOut } = useSignOut();
  const items = links.map((link) => (
    <MenuItem key={link.href} asChild>
      <Link href={link.href}>{link.label}</Link>
    </MenuItem>
  ));
  if (inboxAfter !== null)
    items.splice(
      inboxAfter,
      0,
      <MenuItem key="/signoffs" asChild>
        <Link href="/signoffs">
          <InboxLabel />
        </Link>
      </MenuItem>,
    );
  return (
    <div className="md:hidden">
      <Menu>
        <MenuTrigger asChild>
          <IconButton label="Menu">
            <MenuIcon aria-hidden />
          </IconButton>
        </MenuTrigger>
        <MenuContent className="min-w-56">
          {items}
          <MenuSeparator />
          <MenuItem asChild>
            <Link href="/profile">
              <span>
                {account.name} <span className="text-muted">· {account.role}</span>
              </span>
            </Link>
          </MenuItem>
          <MenuItem
            disabled={busy}
            onSelect={(event) => {
              // Keep the menu's item in place while the session ends; the page changes after it.
              event.preventDefault();
              void signOut(); // its own errors surface as the login page not appearing; nothing to await here
            }}
          >
            {busy ? "Signing out…" : "Sign out"}
          </MenuItem>
        </MenuContent>
      </Menu>
    </div>
  );
}
