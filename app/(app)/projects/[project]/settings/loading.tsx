import { Skeleton } from "@/app/_components/ui/skeleton";
import { PageHeaderSkeleton, PageLoading } from "@/app/_components/ui/page-shell";

/** Settings while they load: the section navigation beside (on a phone, above) the sections. */
export default function Loading() {
  return (
    <PageLoading label="Loading the settings">
      <PageHeaderSkeleton back />
      <div className="grid gap-6 lg:grid-cols-[11rem_minmax(0,1fr)]">
        <div className="flex flex-wrap gap-2 lg:flex-col">
          {[0, 1, 2, 3, 4, 5].map((i) => (
            <Skeleton key={i} className="h-6 w-24 lg:w-32" />
          ))}
        </div>
        <div className="grid min-w-0 gap-6">
          <Skeleton className="h-40" />
          <Skeleton className="h-96" />
          <Skeleton className="h-40" />
        </div>
      </div>
    </PageLoading>
  );
}
