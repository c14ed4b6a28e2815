import { Skeleton } from "@/app/_components/ui/skeleton";
import { PageHeaderSkeleton, PageLoading } from "@/app/_components/ui/page-shell";

/** The activity log's shape while it loads: its filters in a row, then the entries. */
export function ActivitySkeleton({ back }: { back?: boolean }) {
  return (
    <PageLoading label="Loading the activity">
      <PageHeaderSkeleton back={back} description />
      <div className="mb-4 flex flex-wrap gap-3">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} className="h-12 w-44" />
        ))}
      </div>
      <div className="grid gap-2">
        {[0, 1, 2, 3, 4, 5, 6, 7].map((i) => (
          <Skeleton key={i} className="h-9" />
        ))}
      </div>
    </PageLoading>
  );
}
