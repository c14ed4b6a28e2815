import { cn } from "./cn";

/** The card surface, for elements that must be another tag (a list item, a section). */
export const cardClass = "rounded-lg border border-line bg-surface shadow-sm";

/** A bordered surface: the board's cards, the release page's panels, settings sections. */
export function Card({ className, ...props }: React.HTMLAttributes<HTMLDivElement>) {
  return <div className={cn(cardClass, className)} {...props} />;
}

/** A panel heading: the size and weight every section title shares. */
export function SectionTitle({ className, ...props }: React.HTMLAttributes<HTMLHeadingElement>) {
  return <h2 className={cn("text-lg font-semibold", className)} {...props} />;
}
