import { clsx, type ClassValue } from "clsx";
import { extendTailwindMerge } from "tailwind-merge";

/** tailwind-merge taught our type scale, so `text-sm` and `text-muted` are not taken for one another. */
const merge = extendTailwindMerge({ extend: { theme: { text: ["xs", "sm", "base", "lg", "2xl"] } } });

/** Class names joined, later Tailwind utilities winning over earlier ones (a page's `className` over a variant's). */
export function cn(...inputs: ClassValue[]) {
  return merge(clsx(inputs));
}
