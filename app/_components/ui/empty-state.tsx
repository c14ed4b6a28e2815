import type { LucideIcon } from "lucide-react";
import { cn } from "./cn";

/** Nothing to show yet: what it is, and what to do next. */
export function EmptyState({
  icon: Icon,
  title,
  children,
  action,
  className,
}: {
  icon?: LucideIcon;
  title: string;
  children?: React.ReactNode;
  action?: React.ReactNode;
  className?: string;
}) {
  return (
    <div
      className={cn(
        "flex flex-col items-center rounded-lg border border-dashed border-ink-300 px-6 py-10 text-center dark:border-ink-700",
        className,
      )}
    >
      {Icon && <Icon aria-hidden className="mb-3 size-6 text-muted" />}
      <p className="font-medium">{title}</p>
      {children && <div className="mt-1 max-w-prose text-sm text-muted">{children}</div>}
      {action && <div className="mt-4">{action}</div>}
    </div>
  );
}
