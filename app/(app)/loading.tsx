import { Skeleton } from "@/app/_components/ui/skeleton";
import { PageHeaderSkeleton, PageLoading } from "@/app/_components/ui/page-shell";

/** The overview while it loads (and any page of the app without a loading shape of its own): projects as cards. */
export default function Loading() {
  return (
    <PageLoading label="Loading">
      <PageHeaderSkeleton />
      <div className="grid gap-4">
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} className="h-28" />
        ))}
      </div>
    </PageLoading>
  );
}
