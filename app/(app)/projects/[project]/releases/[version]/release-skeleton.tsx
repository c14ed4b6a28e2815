import { Skeleton } from "@/app/_components/ui/skeleton";
import { PageColumns, PageHeaderSkeleton } from "@/app/_components/ui/page-shell";

/** The release page's shape while it loads: the title, the side panel and the main column. */
export function ReleaseSkeleton() {
  return (
    <div aria-busy="true" aria-label="Loading the release">
      <PageHeaderSkeleton back description />
      <PageColumns
        sideFirst
        side={
          <div className="space-y-3">
            <Skeleton className="h-32" />
            <Skeleton className="h-24" />
          </div>
        }
      >
        <div className="mt-3 space-y-3 xl:mt-0">
          <Skeleton className="h-40" />
          <Skeleton className="h-64" />
        </div>
      </PageColumns>
    </div>
  );
}
