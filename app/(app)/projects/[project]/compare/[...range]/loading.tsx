import { Skeleton } from "@/app/_components/ui/skeleton";
import { PageHeaderSkeleton, PageLoading } from "@/app/_components/ui/page-shell";

/** A comparison while it loads: changes, checks, time in each environment and notes, two by two from xl. */
export default function Loading() {
  return (
    <PageLoading label="Loading the comparison">
      <PageHeaderSkeleton back description />
      <div className="grid gap-8 xl:grid-cols-2">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} className="h-56" />
        ))}
      </div>
    </PageLoading>
  );
}
