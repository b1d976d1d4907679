/**
 * A horizontal bar chart as SVG, written by hand: a few rectangles and labels, no library, no
 * fonts or scripts fetched from anywhere, so it shows the same on GitHub, in an editor or offline.
 */

export interface Series {
  name: string;
  colour: string;
}

export interface ChartGroup {
  label: string;
  /** One value per series, or undefined where there is no figure. */
  values: Array<number | undefined>;
}

export interface BarChart {
  title: string;
  subtitle: string;
  series: Series[];
  groups: ChartGroup[];
  /** How a value is written at the end of its bar: `12,345 req/s`. */
  format(value: number): string;
}

const WIDTH = 760;
const LABEL_WIDTH = 190;
const VALUE_WIDTH = 120;
const BAR_HEIGHT = 18;
const GROUP_GAP = 16;
const TOP = 78;

export function renderBarChart(chart: BarChart): string {
  const barArea = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const largest = Math.max(1, ...chart.groups.flatMap((group) => group.values.filter((value) => value !== undefined)));
  const groupHeight = chart.series.length * BAR_HEIGHT + GROUP_GAP;
  const height = TOP + chart.groups.length * groupHeight + 10;

  const legend = chart.series.map((series, index) => {
    const x = LABEL_WIDTH + index * 230;
    return `<rect x="${x}" y="50" width="12" height="12" fill="${series.colour}"/>` + `<text x="${x + 18}" y="60">${escapeXml(series.name)}</text>`;
  });

  const groups = chart.groups.map((group, groupIndex) => {
    const top = TOP + groupIndex * groupHeight;
    const bars = chart.series.map((series, index) => {
      const y = top + index * BAR_HEIGHT;
      const value = group.values[index];
      if (value === undefined) return `<text x="${LABEL_WIDTH + 4}" y="${y + 13}" class="value">not measured</text>`;
      const width = Math.round((value / largest) * barArea);
      return (
        `<rect x="${LABEL_WIDTH}" y="${y + 2}" width="${width}" height="${BAR_HEIGHT - 4}" fill="${series.colour}"/>` +
        `<text x="${LABEL_WIDTH + width + 6}" y="${y + 13}" class="value">${escapeXml(chart.format(value))}</text>`
      );
    });
    const labelY = top + (chart.series.length * BAR_HEIGHT) / 2 + 5;
    return [`<text x="${LABEL_WIDTH - 10}" y="${labelY}" text-anchor="end">${escapeXml(group.label)}</text>`, ...bars].join('\n  ');
  });

  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${escapeXml(chart.title)}">
  <style>text { font: 13px system-ui, sans-serif; fill: #1f2937; } .title { font-size: 16px; font-weight: 600; } .subtitle, .value { fill: #4b5563; font-size: 12px; }</style>
  <rect width="100%" height="100%" fill="#ffffff"/>
  <text x="10" y="22" class="title">${escapeXml(chart.title)}</text>
  <text x="10" y="38" class="subtitle">${escapeXml(chart.subtitle)}</text>
  ${legend.join('\n  ')}
  ${groups.join('\n  ')}
</svg>
`;
}

/** Text inside an SVG is XML: these three characters would be read as markup. */
export function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}
