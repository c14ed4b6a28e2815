"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { authClient } from "@/app/_auth/auth-client";
import { Button } from "@/app/_components/ui/button";

/** Signing out: the session ends, then the login page replaces the current one. */
export function useSignOut() {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const signOut = async () => {
    setBusy(true);
    await authClient.signOut();
    router.replace("/login");
    router.refresh();
  };
  return { busy, signOut };
}

export function SignOutButton() {
  const { busy, signOut } = useSignOut();
  return (
    <Button variant="ghost" size="sm" disabled={busy} onClick={signOut} className="text-sm font-normal">
      {busy ? "Signing out…" : "Sign out"}
    </Button>
  );
}
