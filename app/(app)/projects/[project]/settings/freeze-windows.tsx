"use client";

import { useId, useMemo } from "react";
import { TextField as Input, inputClass } from "@/app/_components/form";
import { newKey, small, weekdays, type DraftWindow } from "./pipeline-draft";

/** An environment's freeze windows: weekly in a chosen time zone, or one-off on the reader's clock. */
export function FreezeWindows({
  windows,
  label,
  errorOf,
  change,
}: {
  windows: DraftWindow[];
  label: string;
  errorOf: (index: number, field?: string) => string | undefined;
  change: (windows: DraftWindow[]) => void;
}) {
  const zones = useMemo(() => ["UTC", ...Intl.supportedValuesOf("timeZone").filter((z) => z !== "UTC")], []);
  const localZone = useMemo(() => Intl.DateTimeFormat().resolvedOptions().timeZone, []);
  const set = (key: string, patch: Partial<DraftWindow>) =>
    change(windows.map((w) => (w.key === key ? { ...w, ...patch } : w)));
  return (
    <div className="mt-3">
      <h3 className="text-sm font-medium">Freeze windows of {label}</h3>
      {windows.length === 0 && <p className="text-xs text-ink-500">None: releases may enter at any time.</p>}
      <ul className="mt-2 grid gap-2">
        {windows.map((w, i) => (
          <li key={w.key} className="rounded-md border border-ink-200 p-2 dark:border-ink-800">
            <div className="flex flex-wrap items-end gap-3">
              {w.kind === "weekly" ? (
                <>
                  <fieldset className="min-w-0">
                    <legend className="text-sm font-medium">Every</legend>
                    {/* On a phone the days wrap as whole words, never "m/on". */}
                    <div className="mt-1 flex flex-wrap gap-x-3 gap-y-1">
                      {weekdays.map((day) => (
                        <label key={day} className="flex items-center gap-1 whitespace-nowrap text-sm">
                          <input
                            type="checkbox"
                            checked={w.days.includes(day)}
                            onChange={(e) =>
                              set(w.key, {
                                days: e.target.checked
                                  ? weekdays.filter((d) => d === day || w.days.includes(d))
                                  : w.days.filter((d) => d !== day),
                              })
                            }
                          />
                          {day}
                        </label>
                      ))}
                    </div>
                    {errorOf(i, "weekly") && (
                      <p className="mt-1 text-xs text-danger-700 dark:text-danger-400">{errorOf(i, "weekly")}</p>
                    )}
                  </fieldset>
                  <Input
                    label="From"
                    type="time"
                    value={w.from}
                    onChange={(from) => set(w.key, { from })}
                    error={errorOf(i, "from")}
                  />
                  <Input
                    label="To"
                    type="time"
                    value={w.to}
                    onChange={(to) => set(w.key, { to })}
                    error={errorOf(i, "to")}
                  />
                  <ZoneSelect
                    zones={zones}
                    value={w.timeZone}
                    onChange={(timeZone) => set(w.key, { timeZone })}
                    error={errorOf(i, "timeZone")}
                  />
                </>
              ) : (
                <>
                  <Input
                    label="From"
                    type="datetime-local"
                    value={w.from}
                    onChange={(from) => set(w.key, { from })}
                    error={errorOf(i, "from")}
                    hint={`your time (${localZone})`}
                  />
                  <Input
                    label="To"
                    type="datetime-local"
                    value={w.to}
                    onChange={(to) => set(w.key, { to })}
                    error={errorOf(i, "to")}
                  />
                </>
              )}
              <Input
                label="Reason"
                value={w.reason}
                onChange={(reason) => set(w.key, { reason })}
                error={errorOf(i, "reason")}
                maxLength={500}
              />
              <button type="button" className={small} onClick={() => change(windows.filter((x) => x.key !== w.key))}>
                Remove freeze
              </button>
            </div>
            {errorOf(i) && <p className="mt-1 text-xs text-danger-700 dark:text-danger-400">{errorOf(i)}</p>}
          </li>
        ))}
      </ul>
      <div className="mt-2 flex gap-2">
        <button
          type="button"
          className={small}
          onClick={() =>
            change([
              ...windows,
              {
                key: newKey(),
                kind: "weekly",
                days: ["fri"],
                from: "15:00",
                to: "23:59",
                timeZone: localZone,
                reason: "",
              },
            ])
          }
        >
          + Weekly freeze
        </button>
        <button
          type="button"
          className={small}
          onClick={() =>
            change([...windows, { key: newKey(), kind: "once", days: [], from: "", to: "", timeZone: "", reason: "" }])
          }
        >
          + One-off freeze
        </button>
      </div>
    </div>
  );
}

function ZoneSelect({
  zones,
  value,
  onChange,
  error,
}: {
  zones: string[];
  value: string;
  onChange: (zone: string) => void;
  error?: string;
}) {
  const id = useId();
  return (
    <div className="text-sm">
      <label htmlFor={id} className="font-medium">
        Time zone
      </label>
      <select
        id={id}
        className={inputClass}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
      >
        {!zones.includes(value) && <option value={value}>{value}</option>}
        {zones.map((z) => (
          <option key={z} value={z}>
            {z.replaceAll("_", " ")}
          </option>
        ))}
      </select>
      {error && <p className="mt-1 text-xs text-danger-700 dark:text-danger-400">{error}</p>}
    </div>
  );
}
