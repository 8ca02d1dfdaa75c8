import { area, line } from "d3-shape";

type Day = { day: string; orders: number; tickets: number };

const WIDTH = 640;
const HEIGHT = 200;
const PAD = { top: 12, right: 12, bottom: 28, left: 36 };

/**
 * Sales over time as an SVG drawn on the server with d3-shape (line and area paths): bars for orders per day and a
 * line for tickets issued per day. No JavaScript reaches the browser (and d3-scale was left out: two linear maps
 * are a few lines, its dependencies 11 KB gzip of the Worker); the numbers are also in a table for screen readers.
 */
export function SalesChart({ days }: { days: Day[] }) {
  if (days.length === 0) return null;
  const step = (WIDTH - PAD.left - PAD.right) / days.length;
  const bandwidth = step * 0.8;
  const index = new Map(days.map((d, i) => [d.day, i]));
  const x = (day: string) => PAD.left + (index.get(day) ?? 0) * step + step * 0.1;
  const top = niceTop(Math.max(1, ...days.map((d) => Math.max(d.orders, d.tickets))));
  const y = (value: number) => HEIGHT - PAD.bottom - (value / top) * (HEIGHT - PAD.bottom - PAD.top);
  const ticks = [0, 1, 2, 3, 4].map((i) => (top * i) / 4).filter((t) => Number.isInteger(t));
  const center = (d: Day) => x(d.day) + bandwidth / 2;
  const ticketsLine = line<Day>()
    .x(center)
    .y((d) => y(d.tickets))(days);
  const ticketsArea = area<Day>()
    .x(center)
    .y0(y(0))
    .y1((d) => y(d.tickets))(days);
  const labelEvery = Math.max(1, Math.ceil(days.length / 8));
  return (
    <figure className="space-y-2">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        className="h-auto w-full"
        role="img"
        aria-labelledby="sales-chart-title"
      >
        <title id="sales-chart-title">Orders (bars) and tickets issued (line) per day</title>
        {ticks.map((tick) => (
          <g key={tick}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(tick)} y2={y(tick)} className="stroke-slate-200" />
            <text x={PAD.left - 6} y={y(tick)} textAnchor="end" dominantBaseline="middle" className="fill-slate-500 text-[10px]">
              {tick}
            </text>
          </g>
        ))}
        {days.map((d) => (
          <rect
            key={d.day}
            x={x(d.day)}
            y={y(d.orders)}
            width={bandwidth}
            height={Math.max(0, y(0) - y(d.orders))}
            className="fill-brand-700/70"
          />
        ))}
        {ticketsArea ? <path d={ticketsArea} className="fill-emerald-500/10" /> : null}
        {ticketsLine ? <path d={ticketsLine} fill="none" className="stroke-emerald-600" strokeWidth={2} /> : null}
        {days.map((d, i) =>
          i % labelEvery === 0 ? (
            <text key={d.day} x={center(d)} y={HEIGHT - 8} textAnchor="middle" className="fill-slate-500 text-[10px]">
              {d.day.slice(5)}
            </text>
          ) : null,
        )}
      </svg>
      <figcaption className="flex flex-wrap gap-4 text-xs text-slate-600">
        <span>
          <span aria-hidden="true" className="mr-1 inline-block h-2 w-3 bg-brand-700/70" />
          Orders per day
        </span>
        <span>
          <span aria-hidden="true" className="mr-1 inline-block h-0.5 w-3 bg-emerald-600 align-middle" />
          Tickets issued per day (still valid)
        </span>
      </figcaption>
      <table className="sr-only">
        <caption>Sales per day</caption>
        <thead>
          <tr>
            <th>Day</th>
            <th>Orders</th>
            <th>Tickets</th>
          </tr>
        </thead>
        <tbody>
          {days.map((d) => (
            <tr key={d.day}>
              <td>{d.day}</td>
              <td>{d.orders}</td>
              <td>{d.tickets}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

/** The axis top: the maximum rounded up to 1, 2 or 5 times a power of ten, so four gridlines fall on round numbers. */
function niceTop(max: number): number {
  const power = 10 ** Math.floor(Math.log10(max));
  const nice = [1, 2, 5, 10].map((m) => m * power).find((v) => v >= max) ?? max;
  return Math.max(nice, 4);
}
