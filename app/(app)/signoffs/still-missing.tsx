import { Circle } from "lucide-react";
import type { GateItem } from "@/server/domain/gates";

/**
 * What a business owner's approval does not settle: the other gates into the environment that
 * are not met yet, said plainly, with what approving now will and will not do.
 */
export function StillMissing({
  version,
  environment,
  last,
  gates,
}: {
  version: string;
  environment: string;
  last: boolean;
  gates: GateItem[];
}) {
  const unmet = gates.filter((g) => !g.met && g.gate !== "signoffs");
  if (unmet.length === 0) return null;
  const where = last ? `go live in ${environment}` : `enter ${environment}`;
  return (
    <section
      aria-label="Still missing"
      className="mt-3 rounded-md border border-warning-300 bg-warning-50 p-3 text-sm text-warning-950 dark:border-warning-800 dark:bg-warning-950/40 dark:text-warning-50"
    >
      <p className="font-medium">
        Besides sign-offs, {version} still needs {unmet.length === 1 ? "this" : `these ${unmet.length}`} before it can{" "}
        {where}:
      </p>
      <ul className="mt-1 space-y-0.5">
        {unmet.map((item, i) => (
          <li key={`${item.gate}-${item.subject ?? i}`} className="flex gap-1">
            <Circle aria-hidden className="mt-1 size-3 shrink-0" />
            <span>
              {item.reason}
              {item.clearedBy && item.clearedBy !== "time" ? <span> — {item.clearedBy}</span> : null}
            </span>
          </li>
        ))}
      </ul>
      <p className="mt-1">
        You can approve now: your approval is recorded, but {version} will not {where} until{" "}
        {unmet.length === 1 ? "that is" : "these are"} met.
      </p>
    </section>
  );
}
