import { Skeleton } from "@/app/_components/ui/skeleton";
import { PageColumns, PageHeaderSkeleton, PageLoading } from "@/app/_components/ui/page-shell";

/** People while they load: the invitation and the list in the main column, teams on the side. */
export default function Loading() {
  return (
    <PageLoading label="Loading people">
      <PageHeaderSkeleton />
      <PageColumns side={<Skeleton className="h-72" />}>
        <div className="space-y-6">
          <Skeleton className="h-40" />
          <Skeleton className="h-96" />
        </div>
      </PageColumns>
    </PageLoading>
  );
}
