// The campaign list: search by name and keep only active campaigns, through GET /admin/campaigns.
import {get} from './api.js';
import {h, replace} from './dom.js';
import {errorBox} from './errors.js';
import * as fmt from './format.js';

const PAGE = 50;

export function campaignsView(ctx, params) {
  const search = h('input', {id: 'campaign-search', type: 'search', name: 'q', value: params.get('q') || '',
    maxlength: 200, autocomplete: 'off'});
  const activeOnly = h('input', {id: 'active-only', type: 'checkbox', name: 'active',
    checked: params.get('active') === '1'});
  const status = h('p', {id: 'campaign-count', 'aria-live': 'polite'});
  const errors = h('div', {});
  const body = h('tbody', {});
  const more = h('button', {type: 'button', id: 'more-campaigns', hidden: true}, 'Show more');
  const table = h('table', {id: 'campaigns', class: 'data'},
      h('caption', {class: 'sr-only'}, 'Campaigns, newest first'),
      h('thead', {}, h('tr', {},
          h('th', {scope: 'col'}, 'Campaign'),
          h('th', {scope: 'col'}, 'Template'),
          h('th', {scope: 'col'}, 'Status'),
          h('th', {scope: 'col'}, 'Created'))),
      body);

  let seq = 0;
  let nextOffset = 0;

  function keepInAddress() {
    const q = new URLSearchParams();
    if (search.value.trim()) {
      q.set('q', search.value.trim());
    }
    if (activeOnly.checked) {
      q.set('active', '1');
    }
    const s = q.toString();
    history.replaceState(null, '', `${location.pathname}#/${s ? `?${s}` : ''}`);
  }

  async function load(append) {
    const mine = ++seq;
    const offset = append ? nextOffset : 0;
    table.setAttribute('aria-busy', 'true');
    try {
      const page = await get('/admin/campaigns', {
        q: search.value.trim(), is_active: activeOnly.checked ? 'true' : '', limit: PAGE, offset,
      });
      if (mine !== seq) {
        return;
      }
      replace(errors);
      if (!append) {
        body.replaceChildren();
      }
      for (const c of page.campaigns) {
        body.appendChild(h('tr', {dataset: {campaignId: c.id}},
            h('th', {scope: 'row'}, h('a', {href: `#/campaign/${c.id}`}, c.campaign_name)),
            h('td', {}, c.template_type || '—'),
            h('td', {}, h('span', {class: c.is_active ? 'badge on' : 'badge off'},
                c.is_active ? 'Active' : 'Inactive')),
            h('td', {}, fmt.dateTime(c.created_at))));
      }
      nextOffset = page.next_offset;
      more.hidden = !page.has_more;
      status.textContent = page.total === 0 ? 'No campaigns match.'
          : `${fmt.count(page.total)} campaign${page.total === 1 ? '' : 's'}`
          + (page.has_more ? `, showing ${fmt.count(body.children.length)}` : '');
      table.dataset.loaded = 'true';
    } catch (error) {
      if (mine === seq) {
        replace(errors, errorBox(error, ctx.signIn));
        status.textContent = '';
      }
    } finally {
      if (mine === seq) {
        table.removeAttribute('aria-busy');
      }
    }
  }

  let debounce = null;
  search.addEventListener('input', () => {
    clearTimeout(debounce);
    debounce = setTimeout(() => {
      keepInAddress();
      load(false);
    }, 250);
  });
  activeOnly.addEventListener('change', () => {
    keepInAddress();
    load(false);
  });
  more.addEventListener('click', () => load(true));

  replace(ctx.main,
      h('h1', {tabindex: -1}, 'Campaigns'),
      h('form', {class: 'filters', role: 'search', onsubmit: e => e.preventDefault()},
          h('div', {class: 'field'}, h('label', {for: 'campaign-search'}, 'Search by name'), search),
          h('div', {class: 'field check'}, activeOnly, h('label', {for: 'active-only'}, 'Active only'))),
      status,
      errors,
      h('div', {class: 'table-scroll'}, table),
      more,
      h('p', {}, h('a', {href: '#/compare'}, 'Compare campaigns side by side')));
  load(false);
  return {leave: () => clearTimeout(debounce)};
}
