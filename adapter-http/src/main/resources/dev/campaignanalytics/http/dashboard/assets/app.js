// The dashboard: a single page routed by the URL fragment.
//   #/                          campaigns (search, active only)
//   #/campaign/<id>?…           one campaign: KPIs, chart, breakdown, exports, live feed
//   #/compare?ids=a,b&…         campaigns side by side
//   #token=<jwt>                signs in with the token (the link the server prints), then leaves the address bar
import {claims, clearToken, setToken, token} from './api.js';
import {h, replace} from './dom.js';
import {errorBox} from './errors.js';
import {campaignsView} from './campaigns.js';
import {campaignView} from './campaign.js';
import {compareView} from './compare.js';
import {signInView} from './signin.js';

const main = document.getElementById('main');
let current = null;

/** Takes a token from a #token=… fragment into sessionStorage and removes it from the address bar and history. */
function takeTokenFromLink() {
  const hash = location.hash;
  if (!hash.startsWith('#token=')) {
    return;
  }
  const value = decodeURIComponent(hash.slice('#token='.length)).trim();
  if (value) {
    setToken(value);
  }
  history.replaceState(null, '', location.pathname + location.search + '#/');
}

/** The route of the fragment: {path: ['campaign', id], params: URLSearchParams}. */
function route() {
  const hash = location.hash.startsWith('#/') ? location.hash.slice(2) : '';
  const [path, search] = hash.split('?');
  return {path: path.split('/').filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(search || '')};
}

function signOut() {
  clearToken();
  location.hash = '#/';
  render();
}

function showSignedIn() {
  const who = document.getElementById('who');
  const out = document.getElementById('sign-out');
  const nav = document.getElementById('nav');
  if (!token()) {
    who.textContent = '';
    out.hidden = true;
    nav.hidden = true;
    return;
  }
  const c = claims();
  const role = c && (c.role || (Array.isArray(c.roles) ? c.roles.join(', ') : ''));
  const expires = c && c.exp ? ` · until ${new Date(c.exp * 1000).toLocaleString()}` : '';
  who.textContent = c ? `${c.sub || 'signed in'}${role ? ` (${role})` : ''}${expires}` : 'signed in';
  out.hidden = false;
  nav.hidden = false;
  const r = route();
  for (const link of nav.querySelectorAll('a')) {
    const active = (link.dataset.view === 'compare') === (r.path[0] === 'compare');
    if (active) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
}

/** Shows the view of the current fragment; after a navigation, focus moves to its heading. */
function render(navigated) {
  if (current && current.leave) {
    current.leave();
  }
  current = null;
  showSignedIn();
  const view = h('div', {class: 'view'});
  replace(main, view);
  const ctx = {
    main: view,
    signIn: () => {
      clearToken();
      render();
    },
  };
  if (!token()) {
    current = signInView(ctx, () => {
      history.replaceState(null, '', location.pathname + location.search + (location.hash.startsWith('#/')
          ? location.hash : '#/'));
      render();
    });
    return;
  }
  const r = route();
  if (r.path[0] === 'campaign' && r.path[1]) {
    current = campaignView(ctx, r.path[1], r.params);
  } else if (r.path[0] === 'compare') {
    current = compareView(ctx, r.params);
  } else {
    current = campaignsView(ctx, r.params);
  }
  const heading = main.querySelector('h1');
  if (navigated && heading) {
    heading.focus();
  }
}

function start() {
  takeTokenFromLink();
  document.getElementById('sign-out').addEventListener('click', signOut);
  document.getElementById('skip').addEventListener('click', e => {
    e.preventDefault();
    const heading = main.querySelector('h1');
    (heading || main).focus();
  });
  window.addEventListener('hashchange', () => {
    if (location.hash.startsWith('#token=')) {
      takeTokenFromLink();
    }
    render(true);
  });
  // Never a blank page: whatever fails unexpectedly is shown in words.
  window.addEventListener('unhandledrejection', e => {
    main.prepend(errorBox(e.reason, () => {
      clearToken();
      render();
    }));
  });
  window.addEventListener('error', e => {
    // A resize that settles over more than one frame is reported as an error, but nothing failed.
    if (String(e.message).startsWith('ResizeObserver loop')) {
      return;
    }
    main.prepend(errorBox(new Error(`The page failed: ${e.message}`)));
  });
  render();
}

start();
