import { Skeleton } from "@/app/_components/ui/skeleton";
import { PageHeaderSkeleton, PageLoading } from "@/app/_components/ui/page-shell";

/** The sign-off inbox while it loads: a card per release waiting. */
export default function Loading() {
  return (
    <PageLoading label="Loading your sign-offs">
      <PageHeaderSkeleton />
      <div className="space-y-4">
        {[0, 1].map((i) => (
          <Skeleton key={i} className="h-48" />
        ))}
      </div>
    </PageLoading>
  );
}
