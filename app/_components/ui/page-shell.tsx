import Link from "next/link";
import { ArrowLeft } from "lucide-react";
import { cn } from "./cn";
import { Skeleton } from "./skeleton";

/**
 * The page shell every page of the app is built on (README "Design language"). Width: the whole of
 * the layout's `max-w-page` container, as the board; a page that reads as one document (the go-live
 * evidence) keeps to `max-w-prose`. Grid: one column, or from xl (1280 px) up the release page's two —
 * the main column and a 24rem side (`PageColumns`).
 */
export function PageHeader({
  title,
  back,
  eyebrow,
  description,
  actions,
  className,
}: {
  title: React.ReactNode;
  /** A link back up (a project's pages go back to its board). */
  back?: { href: string; label: string };
  /** A small line above the title (what kind of page it is). */
  eyebrow?: React.ReactNode;
  /** A line under the title: what the page shows. */
  description?: React.ReactNode;
  /** Controls on the right of the title (they wrap under it on a phone). */
  actions?: React.ReactNode;
  className?: string;
}) {
  return (
    <header className={cn("mb-4", className)}>
      {back && (
        <p className="mb-1 text-sm">
          <Link
            href={back.href}
            className="inline-flex items-center gap-1 text-accent-700 hover:underline dark:text-accent-300"
          >
            <ArrowLeft aria-hidden className="size-4" />
            {back.label}
          </Link>
        </p>
      )}
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          {eyebrow && <p className="text-sm text-muted">{eyebrow}</p>}
          <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
        </div>
        {actions && <div className="flex flex-wrap items-center gap-3">{actions}</div>}
      </div>
      {description && <p className="mt-1 max-w-prose text-sm text-muted">{description}</p>}
    </header>
  );
}

/**
 * Two columns from xl up: `children` in the main column, `side` in a 24rem column on the right.
 * Below xl they stack, the side first when `sideFirst` (the release page: where it can go comes first).
 */
export function PageColumns({
  side,
  sideFirst = false,
  stickySide = false,
  className,
  children,
}: {
  side: React.ReactNode;
  sideFirst?: boolean;
  stickySide?: boolean;
  className?: string;
  children: React.ReactNode;
}) {
  const aside = (
    <div className={cn("min-w-0 xl:order-2", stickySide && "xl:sticky xl:top-4", !sideFirst && "mt-6 xl:mt-0")}>
      {side}
    </div>
  );
  return (
    <div className={cn("xl:grid xl:grid-cols-[minmax(0,1fr)_24rem] xl:items-start xl:gap-8", className)}>
      {sideFirst && aside}
      <div className="min-w-0">{children}</div>
      {!sideFirst && aside}
    </div>
  );
}

/** The loading shape of a PageHeader: the back link, the title, the line under it. */
export function PageHeaderSkeleton({ back, description }: { back?: boolean; description?: boolean }) {
  return (
    <div className="mb-4">
      {back && <Skeleton className="mb-2 h-4 w-16" />}
      <Skeleton className="h-8 w-56 max-w-full" />
      {description && <Skeleton className="mt-2 h-4 w-96 max-w-full" />}
    </div>
  );
}

/** A route's loading state: announced once as busy, its shapes hidden from assistive technology. */
export function PageLoading({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div aria-busy="true" aria-label={label} role="status">
      <span className="sr-only">{label}…</span>
      {children}
    </div>
  );
}
