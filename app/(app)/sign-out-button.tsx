"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { authClient } from "@/app/_auth/auth-client";

export function SignOutButton() {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      disabled={busy}
      onClick={async () => {
        setBusy(true);
        await authClient.signOut();
        router.replace("/login");
        router.refresh();
      }}
      className="rounded-md px-2 py-1 text-sm text-ink-600 hover:bg-ink-100 disabled:opacity-50 dark:text-ink-300 dark:hover:bg-ink-800"
    >
      {busy ? "Signing out…" : "Sign out"}
    </button>
  );
}
