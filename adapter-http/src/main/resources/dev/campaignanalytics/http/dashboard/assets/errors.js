// Failures shown in words: the API's message, then each field error as "field: rule".
import {h} from './dom.js';

/** An alert box for an error; a 401 offers to sign in again. */
export function errorBox(error, onSignIn) {
  const status = error && error.status;
  const message = (error && error.message) || String(error);
  const title = status === 401 ? 'You are not signed in, or your token has expired.'
      : status === 403 ? 'Your token does not allow this.'
          : status === 0 ? 'No connection.'
              : status >= 500 ? 'The server could not answer.'
                  : 'The request was refused.';
  const fields = (error && error.errors) || [];
  return h('div', {class: 'error', role: 'alert', dataset: {status: status === undefined ? '' : status}},
      h('p', {class: 'error-title'}, title),
      h('p', {class: 'error-message'}, message),
      fields.length ? h('ul', {class: 'error-fields'},
          fields.map(f => h('li', {}, h('code', {}, f.field), ': ', f.message))) : null,
      status === 401 && onSignIn ? h('button', {type: 'button', onclick: onSignIn}, 'Sign in again') : null);
}
