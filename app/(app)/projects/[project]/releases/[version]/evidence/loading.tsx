import { Skeleton } from "@/app/_components/ui/skeleton";
import { PageHeaderSkeleton, PageLoading } from "@/app/_components/ui/page-shell";

/** The evidence while it is gathered: a document of fact tables, at the width it prints at. */
export default function Loading() {
  return (
    <PageLoading label="Loading the evidence">
      <div className="mx-auto max-w-prose">
        <PageHeaderSkeleton description />
        {[0, 1, 2, 3].map((i) => (
          <div key={i} className="mt-6">
            <Skeleton className="h-6 w-40" />
            <Skeleton className="mt-3 h-28" />
          </div>
        ))}
      </div>
    </PageLoading>
  );
}
