// The live feed of a campaign: the latest events (polled once), then each new one as the server pushes it over
// Server-Sent Events. The stream starts after the poll's last_event_id, so an event that arrives between the poll and
// the connection is not lost; EventSource resumes by itself after a dropped connection (sending Last-Event-ID), and
// the Reconnect button resumes after the last event received, so no event is lost or shown twice.
import {get, streamUrl} from './api.js';
import {h, replace} from './dom.js';
import {errorBox} from './errors.js';
import * as fmt from './format.js';

const KEEP = 50;

function item(e) {
  const dims = [e.audience_segment, e.channel, e.device_type].filter(Boolean).join(' · ');
  return h('li', {class: `event ${e.event_type}`, dataset: {eventId: e.id}},
      h('span', {class: `type ${e.event_type}`}, e.event_type),
      ' ',
      h('time', {datetime: e.created_at}, fmt.dateTime(e.created_at)),
      dims ? h('span', {class: 'dims'}, ` ${dims}`) : null);
}

export function liveFeed(campaignId, ctx) {
  const list = h('ol', {id: 'feed', class: 'feed', 'aria-label': 'Latest events, newest first'});
  const status = h('p', {id: 'feed-status', role: 'status', dataset: {state: 'connecting'}}, 'Connecting…');
  const errors = h('div', {});
  const reconnect = h('button', {type: 'button', id: 'feed-reconnect', hidden: true}, 'Reconnect');
  const element = h('section', {id: 'live', 'aria-labelledby': 'live-title'},
      h('h2', {id: 'live-title'}, 'Live events'),
      h('div', {class: 'row'}, status, reconnect),
      errors,
      list);
  const seen = new Set();
  let source = null;
  let received = 0;
  // The position of the last event shown; the stream resumes after it. Unknown (null) when the first poll failed.
  let lastEventId = null;

  function add(e, atTop) {
    if (seen.has(e.id)) {
      return;
    }
    seen.add(e.id);
    const li = item(e);
    if (atTop) {
      list.prepend(li);
    } else {
      list.appendChild(li);
    }
    while (list.children.length > KEEP) {
      list.lastElementChild.remove();
    }
  }

  function setStatus(state, text) {
    status.dataset.state = state;
    status.textContent = text;
  }

  function connect() {
    reconnect.hidden = true;
    setStatus('connecting', 'Connecting…');
    source = new EventSource(streamUrl(campaignId, lastEventId));
    source.addEventListener('open', () => {
      replace(errors);
      setStatus('live', received ? `Live · ${received} new event${received === 1 ? '' : 's'}` : 'Live · waiting for events');
    });
    source.addEventListener('analytics_event', message => {
      lastEventId = message.lastEventId;
      add(JSON.parse(message.data), true);
      received += 1;
      setStatus('live', `Live · ${received} new event${received === 1 ? '' : 's'}`);
    });
    source.addEventListener('error', async () => {
      if (source.readyState === EventSource.CONNECTING) {
        setStatus('reconnecting', 'Connection lost; reconnecting…');
        return;
      }
      // Closed for good: the server refused (a token that expired, say). Ask it why, in words.
      setStatus('closed', 'Not connected.');
      reconnect.hidden = false;
      try {
        await get('/admin/analytics/stream', {campaign_id: campaignId, limit: 1});
      } catch (error) {
        replace(errors, errorBox(error, ctx.signIn));
      }
    });
  }

  async function start() {
    try {
      const recent = await get('/admin/analytics/stream', {campaign_id: campaignId, limit: 20});
      lastEventId = recent.last_event_id;
      for (const e of recent.events) {
        add(e, false);
      }
    } catch (error) {
      replace(errors, errorBox(error, ctx.signIn));
    }
    if (!stopped) {
      connect();
    }
  }

  let stopped = false;
  reconnect.addEventListener('click', () => {
    if (source) {
      source.close();
    }
    connect();
  });

  return {
    element,
    start,
    stop() {
      stopped = true;
      if (source) {
        source.close();
      }
    },
  };
}
