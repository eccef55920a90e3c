// Sign-in: paste an admin token. It is checked against the API before it is kept (in sessionStorage, so it lasts as
// long as the tab).
import {clearToken, get, setToken} from './api.js';
import {h, replace} from './dom.js';
import {errorBox} from './errors.js';

export function signInView(ctx, done) {
  const input = h('textarea', {id: 'token-input', name: 'token', rows: 4, required: true, spellcheck: 'false',
    autocomplete: 'off', 'aria-describedby': 'token-help'});
  const status = h('div', {id: 'sign-in-status', 'aria-live': 'polite'});
  const submit = h('button', {type: 'submit', id: 'sign-in'}, 'Sign in');
  const form = h('form', {class: 'card sign-in', 'aria-labelledby': 'sign-in-title'},
      h('label', {for: 'token-input'}, 'Admin token (JWT)'),
      input,
      h('p', {id: 'token-help', class: 'help'},
          'At start the server prints a sign-in link (http://…/#token=…) that opens this page signed in. ',
          'Or paste a token here, such as one from ',
          h('code', {}, 'campaign-analytics token --role marketing_admin --permission campaigns.read '
              + '--permission analytics.read --permission analytics.export'),
          '. It is kept in this tab only.'),
      submit,
      status);
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const value = input.value.trim().replace(/^Bearer\s+/i, '');
    if (!value) {
      replace(status, errorBox(new Error('Paste a token first.')));
      input.focus();
      return;
    }
    submit.disabled = true;
    replace(status, h('p', {}, 'Checking the token…'));
    setToken(value);
    try {
      await get('/admin/campaigns', {limit: 1});
      done();
    } catch (error) {
      clearToken();
      replace(status, errorBox(error));
      submit.disabled = false;
      input.focus();
    }
  });
  replace(ctx.main,
      h('h1', {tabindex: -1, id: 'sign-in-title'}, 'Sign in'),
      form);
  return {};
}
