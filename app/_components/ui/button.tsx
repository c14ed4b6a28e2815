import { forwardRef } from "react";
import { Slot } from "radix-ui/slot";
import { cva, type VariantProps } from "class-variance-authority";
import { cn } from "./cn";

/**
 * Every button of the app. Disabled buttons stay readable in both schemes (opacity would leave
 * white on the accent unreadable in dark mode): a muted fill with full-strength text.
 */
export const buttonVariants = cva(
  "inline-flex items-center justify-center gap-1.5 rounded-md text-center font-medium transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent-600 disabled:cursor-not-allowed disabled:border-ink-300 disabled:bg-ink-200 disabled:text-ink-700 dark:focus-visible:outline-accent-400 dark:disabled:border-ink-600 dark:disabled:bg-ink-800 dark:disabled:text-ink-300 [&_svg]:size-4 [&_svg]:shrink-0",
  {
    variants: {
      variant: {
        primary: "bg-accent-600 text-white shadow-sm hover:bg-accent-700",
        secondary:
          "border border-ink-300 bg-surface text-fg shadow-sm hover:bg-ink-50 dark:border-ink-700 dark:hover:bg-ink-800",
        ghost: "text-ink-700 hover:bg-ink-100 dark:text-ink-200 dark:hover:bg-ink-800",
        danger: "bg-danger-700 text-white shadow-sm hover:bg-danger-800",
        dangerOutline:
          "border border-danger-300 bg-surface text-danger-800 shadow-sm hover:bg-danger-50 dark:border-danger-800 dark:text-danger-300 dark:hover:bg-danger-950",
        approve: "bg-success-700 text-white shadow-sm hover:bg-success-800",
        link: "px-0 text-accent-700 underline-offset-2 hover:underline dark:text-accent-300",
      },
      size: { sm: "h-7 px-2 text-xs", md: "h-8 px-3 text-sm", lg: "h-10 px-4 text-sm" },
    },
    compoundVariants: [{ variant: "link", className: "min-h-0 px-0 py-0" }],
    defaultVariants: { variant: "secondary", size: "md" },
  },
);

export type ButtonProps = React.ButtonHTMLAttributes<HTMLButtonElement> &
  VariantProps<typeof buttonVariants> & { asChild?: boolean };

export const Button = forwardRef<HTMLButtonElement, ButtonProps>(function Button(
  { className, variant, size, asChild, type, ...props },
  ref,
) {
  const Component = asChild ? Slot : "button";
  return (
    <Component
      ref={ref}
      type={asChild ? undefined : (type ?? "button")}
      className={cn(buttonVariants({ variant, size }), className)}
      {...props}
    />
  );
});

/** A square button holding one icon; its `label` is its accessible name (and its tooltip text via `title`). */
export const IconButton = forwardRef<
  HTMLButtonElement,
  Omit<ButtonProps, "children"> & { label: string; children: React.ReactNode }
>(function IconButton({ label, className, size, variant = "ghost", ...props }, ref) {
  return (
    <Button
      ref={ref}
      aria-label={label}
      title={label}
      variant={variant}
      size={size}
      className={cn(size === "sm" ? "w-7 px-0" : size === "lg" ? "w-10 px-0" : "w-8 px-0", className)}
      {...props}
    />
  );
});
