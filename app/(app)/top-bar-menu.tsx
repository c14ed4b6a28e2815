"use client";

import dynamic from "next/dynamic";
import { useMediaQuery } from "@/app/_components/use-media-query";
import type { NavEntry } from "./top-bar-menu-panel";

export type { NavEntry };

// The menu's code (Radix's menu) is loaded only where the menu shows, below `md`: a wide screen's
// first load stays within the board's JavaScript budget (BENCHMARKS.md).
const Panel = dynamic(() => import("./top-bar-menu-panel"));

export function TopBarMenu(props: React.ComponentProps<typeof Panel>) {
  const narrow = useMediaQuery("(max-width: 767.98px)");
  return narrow ? <Panel {...props} /> : null;
}
