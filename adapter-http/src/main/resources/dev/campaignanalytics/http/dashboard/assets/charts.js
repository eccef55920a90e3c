// Charts drawn with uPlot (served from this server's classpath, from the org.webjars.npm:uplot jar).
import uPlot from '/dashboard/uplot/dist/uPlot.esm.js';

export const PALETTE = ['#1f6feb', '#d9480f', '#2b8a3e', '#862e9c', '#c92a2a', '#0b7285', '#5f3dc4', '#e67700',
  '#495057', '#a61e4d'];

/** Seconds since the epoch of midnight UTC of a calendar date yyyy-MM-dd; the axis shows it in UTC, so as that date. */
export function dayToSeconds(isoDate) {
  const [y, m, d] = isoDate.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / 1000;
}

const utc = ts => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC');

function heightFor(width) {
  return width < 500 ? 220 : 300;
}

/**
 * A time chart of calendar buckets in `container`, resized with it.
 *
 * @param xs      bucket dates as seconds (see dayToSeconds)
 * @param series  [{label, values, axis: 'left'|'right'}]
 * @param axes    {left: 'label', right: 'label' or undefined}
 * Returns a handle with destroy().
 */
export function timeChart(container, xs, series, axes) {
  const width = Math.max(container.clientWidth, 280);
  const right = series.some(s => s.axis === 'right');
  const opts = {
    width,
    height: heightFor(width),
    tzDate: utc,
    scales: {x: {time: true}, y: {auto: true, range: (u, min, max) => [0, Math.max(max, 1)]},
      r: {auto: true, range: (u, min, max) => [0, Math.max(max, 1)]}},
    series: [{label: 'Date', value: '{YYYY}-{MM}-{DD}'}].concat(series.map((s, i) => ({
      label: s.label,
      scale: s.axis === 'right' ? 'r' : 'y',
      stroke: PALETTE[i % PALETTE.length],
      width: 2,
      points: {show: xs.length <= 60},
    }))),
    axes: [{}, {label: axes.left, scale: 'y', size: 60}].concat(right
        ? [{label: axes.right, scale: 'r', side: 1, size: 60, grid: {show: false}}] : []),
    legend: {live: true},
    cursor: {focus: {prox: 16}},
  };
  const plot = new uPlot(opts, [xs].concat(series.map(s => s.values)), container);
  let frame = 0;
  const observer = new ResizeObserver(() => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(() => {
      const w = Math.max(container.clientWidth, 280);
      if (Math.abs(w - plot.width) > 2) {
        plot.setSize({width: w, height: heightFor(w)});
      }
    });
  });
  observer.observe(container);
  return {
    destroy() {
      cancelAnimationFrame(frame);
      observer.disconnect();
      plot.destroy();
    },
  };
}
