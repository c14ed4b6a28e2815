import { Skeleton } from "@/app/_components/ui/skeleton";
import { PageLoading } from "@/app/_components/ui/page-shell";

/**
 * The board while it loads: the title and search, the time control, then its columns (on a phone,
 * the environment picker and one column).
 */
export default function Loading() {
  return (
    <PageLoading label="Loading the board">
      <div className="mb-4 flex flex-wrap items-center gap-3">
        <Skeleton className="h-8 w-40" />
        <Skeleton className="h-8 w-64 max-w-full sm:ml-auto" />
      </div>
      <Skeleton className="mb-4 h-8 w-full max-w-xl" />
      <Skeleton className="mb-3 h-8 sm:hidden" />
      <div className="flex gap-3 pb-4">
        {[0, 1, 2, 3, 4].map((i) => (
          <Skeleton
            key={i}
            className={`h-[28rem] min-w-[11.5rem] flex-1 basis-0 rounded-xl sm:block sm:max-w-[22rem] ${i > 0 ? "hidden" : ""}`}
          />
        ))}
      </div>
    </PageLoading>
  );
}
