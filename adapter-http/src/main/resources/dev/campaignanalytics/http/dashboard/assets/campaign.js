// One campaign: KPI cards with their change against the previous period, the time series, a breakdown by a
// dimension, exports and the live feed. Every number is the API's own; nothing is recomputed here.
import {download, get, query} from './api.js';
import {h, replace, srOnly, uid} from './dom.js';
import {errorBox} from './errors.js';
import * as fmt from './format.js';
import {dayToSeconds, timeChart} from './charts.js';
import {reportControls} from './controls.js';
import {liveFeed} from './feed.js';

/**
 * The cards: the summary field, the period_change field, and the period_change field of the change's significance
 * (a two-proportion z-test for rates, a test of two Poisson counts for counts).
 */
const KPIS = [
  {key: 'views', label: 'Views', value: 'total_views', change: 'views', kind: 'count',
    significance: 'views_significance'},
  {key: 'clicks', label: 'Clicks', value: 'total_clicks', change: 'clicks', kind: 'count',
    significance: 'clicks_significance'},
  {key: 'conversions', label: 'Conversions', value: 'total_conversions', change: 'conversions', kind: 'count',
    significance: 'conversions_significance'},
  {key: 'impressions', label: 'Impressions', value: 'total_impressions', change: 'impressions', kind: 'count',
    significance: 'impressions_significance'},
  {key: 'ctr', label: 'Click-through rate', hint: 'clicks / views', value: 'click_through_rate', change: 'ctr',
    kind: 'rate', ci: 'click_through_rate_ci', significance: 'ctr_significance'},
  {key: 'conversion-rate', label: 'Conversion rate', hint: 'conversions / clicks', value: 'conversion_rate',
    change: 'conversion_rate', kind: 'rate', ci: 'conversion_rate_ci', significance: 'conversion_rate_significance'},
];

const DIMENSIONS = [['audience_segment', 'Audience segment'], ['channel', 'Channel'], ['device_type', 'Device']];
const SERIES_METRICS = [['views', 'Views'], ['clicks', 'Clicks'], ['conversions', 'Conversions'],
  ['impressions', 'Impressions']];

/** Why a card's change cannot be tested, by the kind of card. */
const UNTESTABLE = {
  rate: 'Not testable: a rate without trials, or nothing varies',
  count: 'Not testable: none in either period',
};

/** The arrow, change and significance mark of a card; `kind` is 'rate' or 'count'. */
export function changeLine(changePercent, significance, kind) {
  const direction = changePercent === null || changePercent === undefined ? 'none'
      : changePercent > 0 ? 'up' : changePercent < 0 ? 'down' : 'flat';
  const arrow = {up: '▲', down: '▼', flat: '→', none: '·'}[direction];
  const words = {up: 'up', down: 'down', flat: 'unchanged', none: 'no change can be computed'}[direction];
  const parts = [
    h('span', {class: 'arrow', 'aria-hidden': 'true'}, arrow),
    srOnly(`${words} `),
    h('span', {class: 'change-value', dataset: {value: changePercent === null ? '' : changePercent}},
        direction === 'none' ? 'no previous data' : fmt.change(changePercent)),
    h('span', {class: 'vs'}, ' vs previous period'),
  ];
  parts.push(significanceMark(significance, 'previous period', UNTESTABLE[kind]));
  return h('p', {class: `change ${direction}`, dataset: {direction}}, parts);
}

/** A mark of a significance test: significant (p < 0.05), not significant, or not testable (null). */
export function significanceMark(significance, against, untestable = UNTESTABLE.rate) {
  if (!significance) {
    return h('span', {class: 'sig untestable', dataset: {significant: 'untestable'}, title: untestable},
        'not testable');
  }
  const p = fmt.pValue(significance.p_value);
  return significance.significant
      ? h('span', {class: 'sig yes', dataset: {significant: 'true'},
        title: `Differs from the ${against} by more than chance: z = ${significance.z}, p = ${p} < 0.05`},
      h('span', {'aria-hidden': 'true'}, '★ '), `significant (p = ${p})`)
      : h('span', {class: 'sig no', dataset: {significant: 'false'},
        title: `Could be chance: z = ${significance.z}, p = ${p} ≥ 0.05`}, `not significant (p = ${p})`);
}

function kpiCard(kpi, report) {
  const value = report.summary[kpi.value];
  const previous = report.previous_summary[kpi.value];
  const change = report.period_change[kpi.change];
  const significance = report.period_change[kpi.significance];
  const shown = kpi.kind === 'rate' ? fmt.percent(value) : fmt.count(value);
  const ci = kpi.ci ? report.summary[kpi.ci] : null;
  return h('li', {class: 'kpi', id: `kpi-${kpi.key}`, dataset: {kpi: kpi.key}},
      h('h3', {class: 'kpi-label'}, kpi.label, kpi.hint ? h('span', {class: 'hint'}, ` (${kpi.hint})`) : null),
      h('p', {class: 'kpi-value', dataset: {value: value === null ? '' : value}}, shown),
      ci ? h('p', {class: 'kpi-ci'}, `95 % interval ${fmt.interval(ci)}`) : null,
      changeLine(change, significance, kpi.kind),
      h('p', {class: 'kpi-previous'}, 'Previous period: ',
          kpi.kind === 'rate' ? fmt.percent(previous) : fmt.count(previous)));
}

/** A table of a series, for keyboards and screen readers (and anyone who wants the numbers). */
function seriesTable(caption, items) {
  return h('details', {class: 'series-table'},
      h('summary', {}, 'Show the numbers as a table'),
      h('div', {class: 'table-scroll'}, h('table', {class: 'data'},
          h('caption', {}, caption),
          h('thead', {}, h('tr', {},
              h('th', {scope: 'col'}, 'From'), h('th', {scope: 'col'}, 'To'),
              SERIES_METRICS.map(([, label]) => h('th', {scope: 'col', class: 'num'}, label)),
              h('th', {scope: 'col', class: 'num'}, 'CTR'), h('th', {scope: 'col', class: 'num'}, 'Conv. rate'))),
          h('tbody', {}, items.map(i => h('tr', {},
              h('td', {}, fmt.date(i.start_date)), h('td', {}, fmt.date(i.end_date)),
              SERIES_METRICS.map(([k]) => h('td', {class: 'num'}, fmt.count(i[k]))),
              h('td', {class: 'num'}, fmt.percent(i.click_through_rate)),
              h('td', {class: 'num'}, fmt.percent(i.conversion_rate))))))));
}

export function campaignView(ctx, campaignId, initial) {
  const title = h('h1', {tabindex: -1, id: 'campaign-title'}, 'Campaign');
  const meta = h('p', {class: 'meta'});
  const rangeLine = h('p', {class: 'range', id: 'range-line', 'aria-live': 'polite'});
  const reportErrors = h('div', {id: 'report-errors'});
  const cards = h('ul', {class: 'kpis', id: 'kpis', 'aria-label': 'Key figures'});
  const chartBox = h('div', {class: 'chart', id: 'series-chart', role: 'img', 'aria-label': 'Time series chart'});
  const chartTable = h('div', {});
  const segmentErrors = h('div', {id: 'segment-errors'});
  const segmentChartBox = h('div', {class: 'chart', id: 'segment-chart', role: 'img',
    'aria-label': 'Breakdown chart'});
  const segmentTable = h('div', {class: 'table-scroll'});
  const exportStatus = h('div', {id: 'export-status', 'aria-live': 'polite'});
  const reportSection = h('section', {id: 'report', 'aria-labelledby': 'kpi-title'});
  let chart = null;
  let segmentChart = null;
  let lastSegmented = null;
  let seq = 0;
  let segmentSeq = 0;

  const controls = reportControls(initial, () => {
    keepInAddress();
    loadReport();
    loadSegments();
  }, true);

  const segmentName = uid('segment-by');
  const dimension = DIMENSIONS.some(([v]) => v === initial.get('segment_by')) ? initial.get('segment_by')
      : 'channel';
  const segmentRadios = h('fieldset', {class: 'segment-by'},
      h('legend', {}, 'Break down by'),
      DIMENSIONS.map(([value, label]) => {
        const id = uid('segment');
        return h('span', {class: 'radio'},
            h('input', {type: 'radio', name: segmentName, id, value, checked: value === dimension,
              onchange: () => {
                keepInAddress();
                loadSegments();
              }}),
            h('label', {for: id}, label));
      }));
  const segmentMetricId = uid('segment-metric');
  const segmentMetric = h('select', {id: segmentMetricId, name: 'segment_metric'},
      SERIES_METRICS.map(([v, label]) => h('option', {value: v}, label)));
  segmentMetric.addEventListener('change', () => {
    if (lastSegmented) {
      drawSegments(lastSegmented);
    }
  });

  function segmentBy() {
    return segmentRadios.querySelector('input:checked').value;
  }

  function keepInAddress() {
    const a = controls.address();
    a.segment_by = segmentBy();
    history.replaceState(null, '', `${location.pathname}#/campaign/${encodeURIComponent(campaignId)}${query(a)}`);
  }

  async function loadReport() {
    const mine = ++seq;
    const params = controls.params();
    reportSection.setAttribute('aria-busy', 'true');
    try {
      const report = await get(`/admin/analytics/campaigns/${encodeURIComponent(campaignId)}`, params);
      if (mine !== seq) {
        return;
      }
      replace(reportErrors);
      const c = report.campaign;
      title.textContent = c.campaign_name;
      document.title = `${c.campaign_name} · Campaign Analytics`;
      replace(meta, h('span', {class: c.is_active ? 'badge on' : 'badge off'}, c.is_active ? 'Active' : 'Inactive'),
          c.template_type ? ` · template ${c.template_type}` : '', ` · created ${fmt.dateTime(c.created_at)}`);
      const r = report.range;
      rangeLine.textContent = `${fmt.date(r.start_date)} to ${fmt.date(r.end_date)} (inclusive) in ${r.tz}, by ${r.group_by}; `
          + `compared with ${fmt.date(r.previous_start_date)} to ${fmt.date(r.previous_end_date)}.`;
      replace(cards, KPIS.map(k => kpiCard(k, report)));
      drawSeries(report);
      reportSection.dataset.query = query(params).slice(1);
    } catch (error) {
      if (mine === seq) {
        replace(reportErrors, errorBox(error, ctx.signIn));
        reportSection.dataset.query = '';
      }
    } finally {
      if (mine === seq) {
        reportSection.removeAttribute('aria-busy');
      }
    }
  }

  function drawSeries(report) {
    const items = report.daily_stats;
    if (chart) {
      chart.destroy();
    }
    chartBox.replaceChildren();
    chart = timeChart(chartBox, items.map(i => dayToSeconds(i.start_date)), [
      {label: 'Views', values: items.map(i => i.views)},
      {label: 'Clicks', values: items.map(i => i.clicks)},
      {label: 'Conversions', values: items.map(i => i.conversions)},
      {label: 'Impressions', values: items.map(i => i.impressions), axis: 'right'},
    ], {left: 'Views, clicks, conversions', right: 'Impressions'});
    chartBox.dataset.points = String(items.length);
    chartBox.dataset.groupBy = report.range.group_by;
    chartBox.setAttribute('aria-label', `Views, clicks, conversions and impressions by ${report.range.group_by}, `
        + `${items.length} point${items.length === 1 ? '' : 's'}`);
    replace(chartTable, seriesTable(`By ${report.range.group_by}`, items));
  }

  async function loadSegments() {
    const mine = ++segmentSeq;
    const params = Object.assign(controls.params(), {segment_by: segmentBy()});
    try {
      const segmented = await get(`/admin/analytics/campaigns/${encodeURIComponent(campaignId)}/segmented`, params);
      if (mine !== segmentSeq) {
        return;
      }
      replace(segmentErrors);
      lastSegmented = segmented;
      drawSegments(segmented);
    } catch (error) {
      if (mine === segmentSeq) {
        replace(segmentErrors, errorBox(error, ctx.signIn));
      }
    }
  }

  function drawSegments(segmented) {
    const metric = segmentMetric.value;
    const metricLabel = SERIES_METRICS.find(([v]) => v === metric)[1];
    const label = DIMENSIONS.find(([v]) => v === segmented.segment_by)[1];
    const values = segmented.segment_totals.map(t => t.segment);
    if (segmentChart) {
      segmentChart.destroy();
      segmentChart = null;
    }
    segmentChartBox.replaceChildren();
    const first = values.length ? segmented.segmented_stats[values[0]] : [];
    if (values.length) {
      segmentChart = timeChart(segmentChartBox, first.map(i => dayToSeconds(i.start_date)),
          values.map(v => ({label: v, values: segmented.segmented_stats[v].map(i => i[metric])})),
          {left: metricLabel});
    } else {
      segmentChartBox.appendChild(h('p', {class: 'empty'}, 'No events in this range.'));
    }
    segmentChartBox.dataset.segmentBy = segmented.segment_by;
    segmentChartBox.dataset.series = String(values.length);
    segmentChartBox.setAttribute('aria-label', `${metricLabel} by ${label.toLowerCase()} over time`);
    replace(segmentTable, h('table', {class: 'data', id: 'segment-table', dataset: {segmentBy: segmented.segment_by}},
        h('caption', {}, `Totals by ${label.toLowerCase()}`),
        h('thead', {}, h('tr', {},
            h('th', {scope: 'col'}, label),
            h('th', {scope: 'col', class: 'num'}, 'Views'), h('th', {scope: 'col', class: 'num'}, 'Clicks'),
            h('th', {scope: 'col', class: 'num'}, 'Conversions'), h('th', {scope: 'col', class: 'num'}, 'Impressions'),
            h('th', {scope: 'col', class: 'num'}, 'CTR'), h('th', {scope: 'col', class: 'num'}, 'Conv. rate'))),
        h('tbody', {}, segmented.segment_totals.map(t => h('tr', {},
            h('th', {scope: 'row'}, t.segment),
            h('td', {class: 'num'}, fmt.count(t.total_views)), h('td', {class: 'num'}, fmt.count(t.total_clicks)),
            h('td', {class: 'num'}, fmt.count(t.total_conversions)),
            h('td', {class: 'num'}, fmt.count(t.total_impressions)),
            h('td', {class: 'num'}, fmt.percent(t.click_through_rate)),
            h('td', {class: 'num'}, fmt.percent(t.conversion_rate)))))));
  }

  const exportTypeId = uid('export-type');
  const exportType = h('select', {id: exportTypeId, name: 'type'},
      h('option', {value: 'daily'}, 'Time series (by the grouping above)'),
      h('option', {value: 'segmented'}, 'Breakdown (by the dimension above)'),
      h('option', {value: 'events'}, 'Raw events'));

  async function exportFile(format, button) {
    const type = exportType.value;
    const params = Object.assign({campaign_id: campaignId, type, format}, controls.params());
    if (type === 'segmented') {
      params.segment_by = segmentBy();
    }
    button.disabled = true;
    replace(exportStatus, h('p', {}, 'Preparing the file…'));
    try {
      const file = await download('/admin/analytics/export', params,
          `campaign-${campaignId}.${format === 'excel' ? 'xlsx' : 'csv'}`);
      replace(exportStatus, h('p', {class: 'ok', dataset: {file: file.name}},
          `Downloaded ${file.name} (${fmt.count(Math.ceil(file.size / 1024))} KB).`));
    } catch (error) {
      replace(exportStatus, errorBox(error, ctx.signIn));
    } finally {
      button.disabled = false;
    }
  }

  const csvButton = h('button', {type: 'button', id: 'export-csv'}, 'Download CSV');
  const excelButton = h('button', {type: 'button', id: 'export-excel'}, 'Download Excel');
  csvButton.addEventListener('click', () => exportFile('csv', csvButton));
  excelButton.addEventListener('click', () => exportFile('excel', excelButton));

  const feed = liveFeed(campaignId, ctx);

  replace(reportSection,
      h('h2', {id: 'kpi-title'}, 'Key figures'),
      rangeLine,
      reportErrors,
      cards,
      h('h2', {id: 'series-title'}, 'Over time'),
      chartBox,
      chartTable);

  replace(ctx.main,
      h('p', {class: 'crumbs'}, h('a', {href: '#/'}, '← All campaigns')),
      title,
      meta,
      h('form', {class: 'report-form', onsubmit: e => e.preventDefault()}, controls.element),
      reportSection,
      h('section', {id: 'segments', 'aria-labelledby': 'segments-title'},
          h('h2', {id: 'segments-title'}, 'Breakdown'),
          h('div', {class: 'row'}, segmentRadios,
              h('div', {class: 'field'}, h('label', {for: segmentMetricId}, 'Chart shows'), segmentMetric)),
          segmentErrors,
          segmentChartBox,
          segmentTable),
      h('section', {id: 'exports', 'aria-labelledby': 'exports-title'},
          h('h2', {id: 'exports-title'}, 'Export'),
          h('div', {class: 'row'},
              h('div', {class: 'field'}, h('label', {for: exportTypeId}, 'Contents'), exportType),
              h('div', {class: 'buttons'}, csvButton, excelButton)),
          h('p', {class: 'help'}, 'Uses the date range, time zone and grouping above.'),
          exportStatus),
      feed.element);

  loadReport();
  loadSegments();
  feed.start();

  return {
    leave() {
      seq += 1;
      segmentSeq += 1;
      feed.stop();
      if (chart) {
        chart.destroy();
      }
      if (segmentChart) {
        segmentChart.destroy();
      }
    },
  };
}
