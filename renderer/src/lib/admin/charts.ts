/**
 * chart.js, loaded only when the dashboard opens (dynamic import from
 * BarChart.svelte), so the customer's bundle never carries it. Only the bar
 * chart's pieces are registered; no animation, no tooltips (there is no
 * hover on a touch screen: the tables under each chart carry the numbers).
 * Colours and fonts come from the design tokens.
 */
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale } from 'chart.js';
import type { BarChartSpec } from './chart-specs';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend);

function token(el: Element, name: string): string {
  return getComputedStyle(el).getPropertyValue(`--${name}`).trim();
}

export interface DrawnChart {
  destroy(): void;
}

export function drawBarChart(canvas: HTMLCanvasElement, spec: BarChartSpec): DrawnChart {
  const text = token(canvas, 'color-text');
  const muted = token(canvas, 'color-text-muted');
  const grid = token(canvas, 'color-chart-grid');
  const family = getComputedStyle(canvas).fontFamily;
  const fontSize = Number.parseInt(token(canvas, 'font-size-small'), 10) || 24;
  const font = { family, size: fontSize };
  const valueAxis = spec.horizontal ? 'x' : 'y';
  const labelAxis = spec.horizontal ? 'y' : 'x';

  const chart = new Chart(canvas, {
    type: 'bar',
    data: {
      labels: spec.labels.map((l) => (typeof l === 'string' ? l : [...l])),
      datasets: spec.series.map((s) => ({
        label: s.label,
        data: [...s.data],
        backgroundColor: token(canvas, `color-${s.color}`),
        borderWidth: 0,
        borderRadius: 4,
        maxBarThickness: 56,
      })),
    },
    options: {
      indexAxis: spec.horizontal ? 'y' : 'x',
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      events: [],
      plugins: {
        legend: {
          position: 'top',
          align: 'start',
          onClick: () => {},
          labels: { color: text, font, boxWidth: 28, boxHeight: 28, padding: 24 },
        },
        tooltip: { enabled: false },
      },
      scales: {
        [labelAxis]: {
          stacked: spec.stacked,
          ticks: { color: text, font, autoSkip: !spec.horizontal, maxRotation: 0 },
          grid: { display: false },
        },
        [valueAxis]: {
          stacked: spec.stacked,
          beginAtZero: true,
          ticks: { color: muted, font, precision: 0 },
          grid: { color: grid },
        },
      },
    },
  });
  return { destroy: () => chart.destroy() };
}
