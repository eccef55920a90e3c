// The pickers every report shares: date range (a preset or two dates, both inclusive), grouping and time zone. They
// send only the API's documented parameters: date_range, or start_date with end_date; group_by; tz.
import {h, uid} from './dom.js';

const PRESETS = [['7d', 'Last 7 days'], ['30d', 'Last 30 days'], ['90d', 'Last 90 days'], ['1y', 'Last 365 days'],
  ['custom', 'Custom dates']];
const GROUPS = [['day', 'Day'], ['week', 'Week (Mon–Sun)'], ['month', 'Month']];

/** The browser's own zone, the default of the zone picker. */
export function browserZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch (e) {
    return 'UTC';
  }
}

function zones() {
  let list = [];
  try {
    list = Intl.supportedValuesOf('timeZone');
  } catch (e) {
    // an older browser: the field still takes any zone typed in
  }
  return ['UTC'].concat(list.filter(z => z !== 'UTC'));
}

function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * The pickers, filled from the address's parameters (range, start, end, group_by, tz).
 *
 * @param onChange called when a picker changes, with nothing
 * @param withGroupBy whether to offer group_by (a comparison has no series)
 * Returns {element, params(): the API parameters, address(): the parameters to keep in the address}.
 */
export function reportControls(initial, onChange, withGroupBy) {
  const rangeId = uid('range');
  const startId = uid('start');
  const endId = uid('end');
  const groupId = uid('group-by');
  const tzId = uid('tz');
  const listId = uid('zones');

  const range = h('select', {id: rangeId, name: 'date_range', class: 'range-picker'},
      PRESETS.map(([v, label]) => h('option', {value: v}, label)));
  range.value = PRESETS.some(([v]) => v === initial.get('range')) ? initial.get('range') : '30d';
  const start = h('input', {id: startId, type: 'date', name: 'start_date', value: initial.get('start') || '',
    max: today()});
  const end = h('input', {id: endId, type: 'date', name: 'end_date', value: initial.get('end') || today()});
  const dates = h('div', {class: 'dates'},
      h('div', {class: 'field'}, h('label', {for: startId}, 'From (inclusive)'), start),
      h('div', {class: 'field'}, h('label', {for: endId}, 'To (inclusive)'), end));
  const groupBy = h('select', {id: groupId, name: 'group_by', class: 'group-by-picker'},
      GROUPS.map(([v, label]) => h('option', {value: v}, label)));
  groupBy.value = GROUPS.some(([v]) => v === initial.get('group_by')) ? initial.get('group_by') : 'day';
  const tz = h('input', {id: tzId, name: 'tz', class: 'tz-picker', list: listId, value: initial.get('tz') || browserZone(),
    autocomplete: 'off', spellcheck: 'false', 'aria-describedby': `${tzId}-help`});
  const zoneList = h('datalist', {id: listId}, zones().map(z => h('option', {value: z})));

  function showDates() {
    dates.hidden = range.value !== 'custom';
    if (range.value === 'custom' && !start.value) {
      const d = new Date();
      d.setDate(d.getDate() - 29);
      start.value = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    }
  }
  showDates();

  range.addEventListener('change', () => {
    showDates();
    onChange();
  });
  for (const input of [start, end, groupBy]) {
    input.addEventListener('change', onChange);
  }
  // The zone applies when it is committed (Enter, leaving the field, or a pick from the list), not at each key.
  tz.addEventListener('change', onChange);

  const element = h('fieldset', {class: 'controls'},
      h('legend', {}, 'Report settings'),
      h('div', {class: 'field'}, h('label', {for: rangeId}, 'Date range'), range),
      dates,
      withGroupBy ? h('div', {class: 'field'}, h('label', {for: groupId}, 'Group by'), groupBy) : null,
      h('div', {class: 'field'}, h('label', {for: tzId}, 'Time zone'), tz,
          h('span', {id: `${tzId}-help`, class: 'help'}, 'Days, weeks and months in this zone')),
      zoneList);

  return {
    element,
    params() {
      const p = range.value === 'custom' ? {start_date: start.value, end_date: end.value} : {date_range: range.value};
      if (withGroupBy) {
        p.group_by = groupBy.value;
      }
      p.tz = tz.value.trim();
      return p;
    },
    address() {
      const a = {range: range.value};
      if (range.value === 'custom') {
        a.start = start.value;
        a.end = end.value;
      }
      if (withGroupBy) {
        a.group_by = groupBy.value;
      }
      a.tz = tz.value.trim();
      return a;
    },
  };
}
