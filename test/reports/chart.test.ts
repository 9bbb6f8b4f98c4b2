import { expect } from 'chai';
import { formatRupiahCompact } from '../../src/domain/money.ts';
import { CHART_HEIGHT, CHART_WIDTH, renderTakingsChart, takingsChartSvg } from '../../src/reports/chart.ts';
import { readPngHeader } from '../web/png.ts';

const WEEK = [
  { key: '2026-11-30', net: 1_250_000 },
  { key: '2026-12-01', net: 0 },
  { key: '2026-12-02', net: 450_000 },
];

describe('reports: the takings chart', function () {
  this.timeout(20_000);

  it('renders known takings as a PNG of 1080×720 that decodes', async function () {
    const png = await renderTakingsChart({ title: 'Pemasukan bersih minggu ini', buckets: WEEK, axisName: null });
    expect(readPngHeader(png)).to.deep.include({ width: CHART_WIDTH, height: CHART_HEIGHT });
    expect(png.length).to.be.greaterThan(5_000);
  });

  it('labels days as d/m, the title in the cards\' font, and the money axis in short rupiah', async function () {
    const svg = await takingsChartSvg({ title: 'Pemasukan bersih 🎉 minggu ini', buckets: WEEK, axisName: null });
    for (const label of ['30/11', '1/12', '2/12', 'Pemasukan bersih minggu ini', '1,2 jt']) expect(svg).to.include(label);
    expect(svg).not.to.include('🎉');
    expect(svg).to.include('Inter');
  });

  it('draws the hours of one day with the axis named', async function () {
    const hours = Array.from({ length: 24 }, (_, h) => ({ key: String(h).padStart(2, '0'), net: h === 9 ? 300_000 : 0 }));
    const svg = await takingsChartSvg({ title: 'Hari ini', buckets: hours, axisName: 'jam (WIB)' });
    expect(svg).to.include('jam (WIB)');
    expect(readPngHeader(await renderTakingsChart({ title: 'Hari ini', buckets: hours, axisName: 'jam (WIB)' }))).to.deep.include({ width: 1080, height: 720 });
  });

  it('writes money on the axis short: rb, jt, M with a decimal comma', function () {
    expect(formatRupiahCompact(0)).to.equal('0');
    expect(formatRupiahCompact(500)).to.equal('500');
    expect(formatRupiahCompact(150_000)).to.equal('150 rb');
    expect(formatRupiahCompact(1_250_000)).to.equal('1,3 jt');
    expect(formatRupiahCompact(1_200_000)).to.equal('1,2 jt');
    expect(formatRupiahCompact(2_000_000_000)).to.equal('2 M');
  });
});
