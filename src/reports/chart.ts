/**
 * The takings chart (`/rekap`): net takings per day, or per WIB hour for a
 * one-day period, as a PNG sized for a phone in a chat (1080×720, labels
 * large enough to read without zooming).
 *
 * Drawn with Apache ECharts's server-side rendering: `init(null, null, { ssr:
 * true, renderer: 'svg' })` gives an SVG string without a DOM
 * (https://echarts.apache.org/handbook/en/how-to/cross-platform/server),
 * then resvg turns it into the PNG (web/cards/render.ts) in the cards' font.
 * Animation is off (a server has no frames to animate) and every chart is
 * disposed of, since an undisposed one keeps a timer, and the process, alive.
 * ECharts is loaded on the first chart, not at start.
 */
import { formatRupiahCompact } from '../domain/money.ts';
import { FONT_FAMILY, drawableText } from '../web/cards/fonts.ts';
import { svgToPng } from '../web/cards/render.ts';
import type { TakingsBucket } from './takings.ts';

export const CHART_WIDTH = 1080;
export const CHART_HEIGHT = 720;

export interface TakingsChartInput {
  title: string;
  /** Bars in order; each key a WIB day (`2026-12-02`) or an hour (`14`). */
  buckets: readonly TakingsBucket[];
  /** Under the axis of hours: "jam (WIB)". */
  axisName: string | null;
}

/** `2026-12-02` → `2/12`; an hour stays as it is. */
function axisLabel(key: string): string {
  const day = /^\d{4}-(\d{2})-(\d{2})$/.exec(key);
  return day ? `${Number(day[2])}/${Number(day[1])}` : key;
}

const INK = '#1f2937';
const BAR = '#0f766e';

/** The chart as SVG text; exported for the PNG and for looking at in tests. */
export async function takingsChartSvg(input: TakingsChartInput): Promise<string> {
  const echarts = await import('echarts');
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: CHART_WIDTH, height: CHART_HEIGHT });
  try {
    chart.setOption({
      animation: false,
      backgroundColor: '#ffffff',
      textStyle: { fontFamily: FONT_FAMILY, color: INK },
      title: { text: drawableText(input.title), left: 40, top: 28, textStyle: { fontSize: 40, fontWeight: 'bold', color: INK } },
      grid: { left: 40, right: 48, top: 120, bottom: input.axisName ? 110 : 70, containLabel: true },
      xAxis: {
        type: 'category',
        data: input.buckets.map((bucket) => axisLabel(bucket.key)),
        axisLabel: { fontSize: 26, color: INK, hideOverlap: true },
        axisTick: { alignWithLabel: true },
        ...(input.axisName ? { name: drawableText(input.axisName), nameLocation: 'middle', nameGap: 56, nameTextStyle: { fontSize: 26, color: INK } } : {}),
      },
      yAxis: {
        type: 'value',
        minInterval: 1,
        axisLabel: { fontSize: 26, color: INK, formatter: (value: number) => formatRupiahCompact(value) },
        splitLine: { lineStyle: { color: '#e5e7eb' } },
      },
      series: [{ type: 'bar', data: input.buckets.map((bucket) => bucket.net), itemStyle: { color: BAR, borderRadius: [6, 6, 0, 0] }, barMaxWidth: 80 }],
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

export async function renderTakingsChart(input: TakingsChartInput): Promise<Buffer> {
  return svgToPng(await takingsChartSvg(input));
}
