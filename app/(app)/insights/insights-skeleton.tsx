import { Skeleton } from "@/app/_components/ui/skeleton";
import { PageHeaderSkeleton, PageLoading } from "@/app/_components/ui/page-shell";

/** The range control's shape: three presets, then the custom range. */
function RangeSkeleton() {
  return (
    <div className="mb-6 flex flex-wrap items-end gap-4">
      <Skeleton className="h-8 w-60" />
      <Skeleton className="h-12 w-96 max-w-full" />
    </div>
  );
}

/** The organisation's insights while they load: a row per project. */
export function OrganisationInsightsSkeleton() {
  return (
    <PageLoading label="Loading the insights">
      <PageHeaderSkeleton description />
      <RangeSkeleton />
      <div className="grid gap-2">
        {[0, 1, 2, 3, 4, 5].map((i) => (
          <Skeleton key={i} className="h-9" />
        ))}
      </div>
    </PageLoading>
  );
}

/** A project's insights while they load: the four key figures, then the weekly charts in two columns. */
export function ProjectInsightsSkeleton() {
  return (
    <PageLoading label="Loading the insights">
      <PageHeaderSkeleton back />
      <RangeSkeleton />
      <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-4">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} className="h-24" />
        ))}
      </div>
      <div className="mt-6 grid gap-4 xl:grid-cols-2">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} className="h-64" />
        ))}
      </div>
    </PageLoading>
  );
}
