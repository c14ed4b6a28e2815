"use client";

import { CircleCheck, CircleX } from "lucide-react";
import type { GateItem } from "@/server/domain/gates";
import { Isolated } from "@/app/_components/isolated";

/** The release page's gates for the next environment, in short: every gate, met or not. */
export function GatePreview({ version, target, items }: { version: string; target: string; items: GateItem[] }) {
  const met = items.filter((i) => i.met).length;
  return (
    <span className="block">
      <span className="block text-xs text-muted">
        <span className="font-mono">{version}</span> → <bdi>{target}</bdi>
      </span>
      <span className="mt-0.5 block font-medium tabular-nums">
        {met} of {items.length} gates met
      </span>
      <span role="list" className="mt-2 block space-y-1 text-xs">
        {items.map((item, i) => (
          <span role="listitem" key={`${item.gate}-${item.subject ?? i}`} className="flex gap-1.5">
            {item.met ? (
              <CircleCheck aria-hidden className="mt-px size-3.5 shrink-0 text-passed" />
            ) : (
              <CircleX aria-hidden className="mt-px size-3.5 shrink-0 text-failed" />
            )}
            <span>
              <span className="sr-only">{item.met ? "met: " : "not met: "}</span>
              <Isolated text={item.reason} names={[target, item.subject]} />
            </span>
          </span>
        ))}
      </span>
    </span>
  );
}
