// Campaigns side by side (GET /admin/analytics/compare): the first picked is the baseline, and every other campaign's
// rates are tested against it (two-proportion z-tests).
import {download, get, query} from './api.js';
import {h, replace} from './dom.js';
import {errorBox} from './errors.js';
import * as fmt from './format.js';
import {reportControls} from './controls.js';
import {significanceMark} from './campaign.js';

const MAX = 20;

export function compareView(ctx, initial) {
  const picked = (initial.get('ids') || '').split(',').filter(Boolean);
  const filter = h('input', {id: 'compare-filter', type: 'search', autocomplete: 'off', maxlength: 200});
  const choices = h('ul', {class: 'choices', id: 'compare-choices'});
  const pickedLine = h('p', {id: 'compare-picked', 'aria-live': 'polite'});
  const listErrors = h('div', {});
  const resultErrors = h('div', {id: 'compare-errors'});
  const result = h('div', {class: 'table-scroll', id: 'compare-result'});
  const rangeLine = h('p', {class: 'range', id: 'compare-range'});
  const exportStatus = h('div', {id: 'compare-export-status', 'aria-live': 'polite'});
  const names = new Map();
  let seq = 0;
  let listSeq = 0;

  const controls = reportControls(initial, () => {
    keepInAddress();
    compare();
  }, false);

  function keepInAddress() {
    const a = controls.address();
    a.ids = picked.join(',');
    history.replaceState(null, '', `${location.pathname}#/compare${query(a)}`);
  }

  function describePicked() {
    if (!picked.length) {
      pickedLine.textContent = 'Pick 2 to 20 campaigns. The first you pick is the baseline the others are tested against.';
      return;
    }
    const label = id => names.get(id) || id;
    pickedLine.textContent = `Baseline: ${label(picked[0])}`
        + (picked.length > 1 ? `; compared: ${picked.slice(1).map(label).join(', ')}` : '; pick at least one more.');
  }

  async function loadChoices() {
    const mine = ++listSeq;
    try {
      const page = await get('/admin/campaigns', {q: filter.value.trim(), limit: 200});
      if (mine !== listSeq) {
        return;
      }
      replace(listErrors);
      replace(choices, page.campaigns.map(c => {
        names.set(c.id, c.campaign_name);
        const id = `pick-${c.id}`;
        const box = h('input', {type: 'checkbox', id, value: c.id, checked: picked.includes(c.id)});
        box.addEventListener('change', () => {
          const at = picked.indexOf(c.id);
          if (box.checked && at < 0) {
            if (picked.length >= MAX) {
              box.checked = false;
              replace(resultErrors, errorBox(new Error(`At most ${MAX} campaigns can be compared.`)));
              return;
            }
            picked.push(c.id);
          } else if (!box.checked && at >= 0) {
            picked.splice(at, 1);
          }
          keepInAddress();
          compare();
        });
        return h('li', {}, box, h('label', {for: id}, c.campaign_name,
            c.is_active ? '' : h('span', {class: 'badge off'}, ' inactive')));
      }));
      describePicked();
    } catch (error) {
      if (mine === listSeq) {
        replace(listErrors, errorBox(error, ctx.signIn));
      }
    }
  }

  function rateCell(rate, ci) {
    return h('td', {class: 'num'}, fmt.percent(rate), ci ? h('span', {class: 'ci'}, ` (${fmt.interval(ci)})`) : null);
  }

  async function compare() {
    const mine = ++seq;
    describePicked();
    if (picked.length < 2) {
      replace(resultErrors);
      replace(result);
      replace(rangeLine);
      result.dataset.rows = '0';
      return;
    }
    result.setAttribute('aria-busy', 'true');
    try {
      const data = await get('/admin/analytics/compare',
          Object.assign({campaign_ids: picked.join(',')}, controls.params()));
      if (mine !== seq) {
        return;
      }
      replace(resultErrors);
      const r = data.range;
      replace(rangeLine, `${fmt.date(r.start_date)} to ${fmt.date(r.end_date)} (inclusive) in ${r.tz}`);
      replace(result, h('table', {class: 'data compare', id: 'compare-table'},
          h('caption', {class: 'sr-only'}, 'Campaigns side by side; the first is the baseline'),
          h('thead', {}, h('tr', {},
              h('th', {scope: 'col'}, 'Campaign'),
              h('th', {scope: 'col', class: 'num'}, 'Views'), h('th', {scope: 'col', class: 'num'}, 'Clicks'),
              h('th', {scope: 'col', class: 'num'}, 'Conversions'),
              h('th', {scope: 'col', class: 'num'}, 'Impressions'),
              h('th', {scope: 'col', class: 'num'}, 'CTR (95 % interval)'),
              h('th', {scope: 'col'}, 'CTR vs baseline'),
              h('th', {scope: 'col', class: 'num'}, 'Conv. rate (95 % interval)'),
              h('th', {scope: 'col'}, 'Conv. rate vs baseline'))),
          h('tbody', {}, data.comparison.map((row, i) => h('tr', {dataset: {campaignId: row.campaign_id}},
              h('th', {scope: 'row'}, h('a', {href: `#/campaign/${row.campaign_id}`}, row.campaign_name),
                  i === 0 ? h('span', {class: 'badge'}, ' baseline') : null),
              h('td', {class: 'num'}, fmt.count(row.total_views)),
              h('td', {class: 'num'}, fmt.count(row.total_clicks)),
              h('td', {class: 'num'}, fmt.count(row.total_conversions)),
              h('td', {class: 'num'}, fmt.count(row.total_impressions)),
              rateCell(row.click_through_rate, row.click_through_rate_ci),
              h('td', {class: 'sig-cell'}, i === 0 ? 'baseline' : significanceMark(row.ctr_vs_first, 'baseline')),
              rateCell(row.conversion_rate, row.conversion_rate_ci),
              h('td', {class: 'sig-cell'}, i === 0 ? 'baseline'
                  : significanceMark(row.conversion_rate_vs_first, 'baseline')))))));
      result.dataset.rows = String(data.comparison.length);
    } catch (error) {
      if (mine === seq) {
        replace(resultErrors, errorBox(error, ctx.signIn));
        replace(result);
      }
    } finally {
      if (mine === seq) {
        result.removeAttribute('aria-busy');
      }
    }
  }

  async function exportFile(format, button) {
    if (picked.length < 2) {
      replace(exportStatus, errorBox(new Error('Pick at least 2 campaigns first.')));
      return;
    }
    button.disabled = true;
    try {
      const file = await download('/admin/analytics/export',
          Object.assign({type: 'comparison', format, campaign_ids: picked.join(',')}, controls.params()),
          `comparison.${format === 'excel' ? 'xlsx' : 'csv'}`);
      replace(exportStatus, h('p', {class: 'ok'}, `Downloaded ${file.name}.`));
    } catch (error) {
      replace(exportStatus, errorBox(error, ctx.signIn));
    } finally {
      button.disabled = false;
    }
  }

  let debounce = null;
  filter.addEventListener('input', () => {
    clearTimeout(debounce);
    debounce = setTimeout(loadChoices, 250);
  });
  const csv = h('button', {type: 'button', id: 'compare-csv'}, 'Download CSV');
  const excel = h('button', {type: 'button', id: 'compare-excel'}, 'Download Excel');
  csv.addEventListener('click', () => exportFile('csv', csv));
  excel.addEventListener('click', () => exportFile('excel', excel));

  replace(ctx.main,
      h('h1', {tabindex: -1}, 'Compare campaigns'),
      h('form', {class: 'report-form', onsubmit: e => e.preventDefault()}, controls.element),
      h('section', {'aria-labelledby': 'pick-title'},
          h('h2', {id: 'pick-title'}, 'Campaigns'),
          h('div', {class: 'field'}, h('label', {for: 'compare-filter'}, 'Find campaigns by name'), filter),
          pickedLine,
          listErrors,
          h('fieldset', {class: 'choices-box'}, h('legend', {}, 'Pick campaigns to compare'), choices)),
      h('section', {'aria-labelledby': 'result-title'},
          h('h2', {id: 'result-title'}, 'Side by side'),
          h('p', {class: 'help'}, '★ significant: the rate differs from the baseline\'s by more than chance '
              + '(two-sided two-proportion z-test, p < 0.05).'),
          resultErrors,
          rangeLine,
          result,
          h('div', {class: 'buttons'}, csv, excel),
          exportStatus));
  describePicked();
  loadChoices();
  compare();
  return {
    leave() {
      clearTimeout(debounce);
      seq += 1;
    },
  };
}
