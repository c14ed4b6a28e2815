import { notFound } from "next/navigation";
import { requireUser } from "@/app/_auth/current-user";
import { can } from "@/server/domain/permissions";

/**
 * People is for admins: anyone else gets a 404 here, before the page's loading skeleton is sent (a
 * notFound() in the page would come too late for the status code).
 */
export default async function PeopleLayout({ children }: { children: React.ReactNode }) {
  if (!can((await requireUser()).role, "user.manage")) notFound();
  return children;
}
