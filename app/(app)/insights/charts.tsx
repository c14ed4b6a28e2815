import { Table } from "@/app/_components/ui/table";
import { scaleBand, scaleLinear } from "d3-scale";
import { line } from "d3-shape";

/**
 * Charts drawn on the server as SVG (d3-scale for the axes, d3-shape for lines): no chart code
 * reaches the browser. Every bar and point carries its value as a <title> (the hover read-out),
 * and every chart has a table beside it with the same numbers, for screen readers and copying.
 */
export type Series = { name: string; values: (number | null)[]; tone: string };

const width = 640;
const height = 180;
const margin = { top: 8, right: 8, bottom: 22, left: 48 };

const tones = [
  "fill-accent-500 stroke-accent-500",
  "fill-info-400 stroke-info-400",
  "fill-success-500 stroke-success-500",
  "fill-warning-500 stroke-warning-500",
  "fill-series-500 stroke-series-500",
  "fill-ink-400 stroke-ink-400",
];
export const tone = (i: number) => tones[i % tones.length]!;

function Frame({
  label,
  weeks,
  max,
  format,
  children,
}: {
  label: string;
  weeks: string[];
  max: number;
  format: (n: number) => string;
  children: React.ReactNode;
}) {
  const y = scaleLinear()
    .domain([0, max || 1])
    .range([height - margin.bottom, margin.top])
    .nice();
  const x = scaleBand()
    .domain(weeks)
    .range([margin.left, width - margin.right]);
  const every = Math.max(1, Math.ceil(weeks.length / 8));
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={label}
      className="h-auto w-full text-ink-500 dark:text-ink-400"
    >
      {y.ticks(4).map((tick) => (
        <g key={tick}>
          <line
            x1={margin.left}
            x2={width - margin.right}
            y1={y(tick)}
            y2={y(tick)}
            className="stroke-ink-200 dark:stroke-ink-800"
          />
          <text x={margin.left - 6} y={y(tick)} dy="0.32em" textAnchor="end" className="fill-current text-[10px]">
            {format(tick)}
          </text>
        </g>
      ))}
      {weeks.map((week, i) =>
        i % every === 0 ? (
          <text
            key={week}
            x={(x(week) ?? 0) + x.bandwidth() / 2}
            y={height - 6}
            textAnchor="middle"
            className="fill-current text-[10px]"
          >
            {week.slice(5)}
          </text>
        ) : null,
      )}
      {children}
    </svg>
  );
}

/** Bars per week, stacked when there are several series. */
export function BarChart({
  label,
  weeks,
  series,
  format,
}: {
  label: string;
  weeks: string[];
  series: Series[];
  format: (n: number) => string;
}) {
  const totals = weeks.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const max = Math.max(0, ...totals);
  const y = scaleLinear()
    .domain([0, max || 1])
    .range([height - margin.bottom, margin.top])
    .nice();
  const x = scaleBand()
    .domain(weeks)
    .range([margin.left, width - margin.right])
    .padding(0.2);
  return (
    <Frame label={label} weeks={weeks} max={max} format={format}>
      {weeks.map((week, i) => {
        let base = 0;
        return (
          <g key={week}>
            {series.map((s) => {
              const value = s.values[i] ?? 0;
              if (value <= 0) return null;
              const top = y(base + value);
              const bottom = y(base);
              base += value;
              return (
                <rect
                  key={s.name}
                  x={x(week)}
                  y={top}
                  width={x.bandwidth()}
                  height={Math.max(0, bottom - top)}
                  className={s.tone}
                >
                  <title>{`${s.name}, week of ${week}: ${format(value)}`}</title>
                </rect>
              );
            })}
          </g>
        );
      })}
    </Frame>
  );
}

/** Lines per week (a gap where a week has no value). */
export function LineChart({
  label,
  weeks,
  series,
  format,
}: {
  label: string;
  weeks: string[];
  series: Series[];
  format: (n: number) => string;
}) {
  const max = Math.max(0, ...series.flatMap((s) => s.values.filter((v): v is number => v !== null)));
  const y = scaleLinear()
    .domain([0, max || 1])
    .range([height - margin.bottom, margin.top])
    .nice();
  const x = scaleBand()
    .domain(weeks)
    .range([margin.left, width - margin.right]);
  const at = (i: number) => (x(weeks[i]!) ?? 0) + x.bandwidth() / 2;
  return (
    <Frame label={label} weeks={weeks} max={max} format={format}>
      {series.map((s) => {
        const path = line<number | null>()
          .defined((v) => v !== null)
          .x((_, i) => at(i))
          .y((v) => y(v ?? 0))(s.values);
        return (
          <g key={s.name}>
            {path && <path d={path} fill="none" strokeWidth={2} className={s.tone.replace(/fill-\S+/, "")} />}
            {s.values.map((v, i) =>
              v === null ? null : (
                <circle key={i} cx={at(i)} cy={y(v)} r={3} className={s.tone}>
                  <title>{`${s.name}, week of ${weeks[i]}: ${format(v)}`}</title>
                </circle>
              ),
            )}
          </g>
        );
      })}
    </Frame>
  );
}

/** The numbers of a chart as a table, under a disclosure: for screen readers and for copying. */
export function ChartTable({
  caption,
  weeks,
  series,
  format,
}: {
  caption: string;
  weeks: string[];
  series: Series[];
  format: (n: number) => string;
}) {
  return (
    <details className="mt-2 text-sm">
      <summary className="cursor-pointer text-ink-600 dark:text-ink-400">Show as a table</summary>
      <div className="mt-2 max-h-72 overflow-auto">
        <Table className="w-full text-left tabular-nums">
          <caption className="sr-only">{caption}</caption>
          <thead>
            <tr>
              <th scope="col" className="pr-3 font-medium">
                Week of
              </th>
              {series.map((s) => (
                <th key={s.name} scope="col" className="pr-3 font-medium">
                  {s.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {weeks.map((week, i) => (
              <tr key={week} className="border-t border-ink-100 dark:border-ink-800">
                <th scope="row" className="pr-3 font-normal">
                  {week}
                </th>
                {series.map((s) => (
                  <td key={s.name} className="pr-3">
                    {s.values[i] === null ? "—" : format(s.values[i]!)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </Table>
      </div>
    </details>
  );
}
