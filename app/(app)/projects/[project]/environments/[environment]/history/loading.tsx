import { Skeleton } from "@/app/_components/ui/skeleton";
import { PageHeaderSkeleton, PageLoading } from "@/app/_components/ui/page-shell";

/** An environment's history while it loads: one row per stay. */
export default function Loading() {
  return (
    <PageLoading label="Loading the history">
      <PageHeaderSkeleton back description />
      <div className="space-y-2">
        {[0, 1, 2, 3, 4].map((i) => (
          <Skeleton key={i} className="h-20" />
        ))}
      </div>
    </PageLoading>
  );
}
