import { cn } from "./cn";

/** Every table: dense rows, tabular numbers, a quiet header, lines between rows. */
export function Table({ className, ...props }: React.TableHTMLAttributes<HTMLTableElement>) {
  return (
    <table
      className={cn(
        "w-full text-left text-sm tabular-nums [&_tbody_tr]:border-t [&_tbody_tr]:border-line [&_th]:font-medium",
        className,
      )}
      {...props}
    />
  );
}
