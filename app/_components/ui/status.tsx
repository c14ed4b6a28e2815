import {
  Ban,
  CircleCheck,
  CircleDashed,
  CircleX,
  Hand,
  LoaderCircle,
  Lock,
  Snowflake,
  type LucideIcon,
} from "lucide-react";
import { cva, type VariantProps } from "class-variance-authority";
import { cn } from "./cn";

/**
 * The seven statuses of the product. Each has a colour that reads in both schemes and an icon of its
 * own shape, so none is told apart by hue alone (red–green colour blindness, greyscale printing).
 */
export const statusIcons = {
  passed: CircleCheck,
  failed: CircleX,
  running: LoaderCircle,
  blocked: Ban,
  held: Hand,
  frozen: Snowflake,
  locked: Lock,
  neutral: CircleDashed,
} satisfies Record<string, LucideIcon>;

export type Status = keyof typeof statusIcons;

export const pillVariants = cva(
  "inline-flex max-w-full items-center gap-1 rounded-md border font-medium tabular-nums leading-none [&_svg]:shrink-0",
  {
    variants: {
      status: {
        passed: "border-passed/25 bg-passed-soft text-passed",
        failed: "border-failed/30 bg-failed-soft text-failed",
        running: "border-running/25 bg-running-soft text-running",
        blocked: "border-blocked/30 bg-blocked-soft text-blocked",
        held: "border-held/30 bg-held-soft text-held",
        frozen: "border-frozen/25 bg-frozen-soft text-frozen",
        locked: "border-locked/25 bg-locked-soft text-locked",
        neutral: "border-line bg-raised text-ink-700 dark:text-ink-200",
      },
      size: { sm: "h-5 px-1.5 text-xs [&_svg]:size-3", md: "h-6 px-2 text-xs [&_svg]:size-3.5" },
    },
    defaultVariants: { status: "neutral", size: "md" },
  },
);

/** A status with its icon and words (the words are the accessible text; the icon is decoration). */
export function StatusPill({
  status,
  size,
  className,
  children,
  ...props
}: React.HTMLAttributes<HTMLSpanElement> & VariantProps<typeof pillVariants> & { status: Status }) {
  const Icon = statusIcons[status];
  return (
    <span className={cn(pillVariants({ status, size }), className)} {...props}>
      <Icon
        aria-hidden
        className={status === "running" ? "motion-safe:animate-spin [animation-duration:2s]" : undefined}
      />
      {children}
    </span>
  );
}

/** A small label without a status (a role, a count, a tag). */
export function Badge({
  className,
  tone = "neutral",
  ...props
}: React.HTMLAttributes<HTMLSpanElement> & { tone?: "neutral" | "accent" }) {
  return (
    <span
      className={cn(
        "inline-flex items-center rounded-full px-1.5 text-xs font-medium tabular-nums",
        tone === "accent" ? "bg-accent-600 text-white" : "bg-raised text-ink-700 dark:text-ink-200",
        className,
      )}
      {...props}
    />
  );
}
