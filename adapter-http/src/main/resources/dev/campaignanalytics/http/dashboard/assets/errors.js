// Failures shown in words: the API's message, then each field error as "field: rule".
import {h} from './dom.js';

/** An alert box for an error; a 401 offers to sign in again. */
export function errorBox(error, onSignIn) {
  const status = error && error.status;
  const message = (error && error.message) || String(error);
  let title = 'The request was refused.';
  if (status === undefined) {
    title = 'Something went wrong.';
  } else if (status === 0) {
    title = 'No connection.';
  } else if (status === 401) {
    title = 'You are not signed in, or your token has expired.';
  } else if (status === 403) {
    title = 'Your token does not allow this.';
  } else if (status >= 500) {
    title = 'The server could not answer.';
  }
  const fields = (error && error.errors) || [];
  return h('div', {class: 'error', role: 'alert', dataset: {status: status === undefined ? '' : status}},
      h('p', {class: 'error-title'}, title),
      h('p', {class: 'error-message'}, message),
      fields.length ? h('ul', {class: 'error-fields'},
          fields.map(f => h('li', {}, h('code', {}, f.field), ': ', f.message))) : null,
      status === 401 && onSignIn ? h('button', {type: 'button', onclick: onSignIn}, 'Sign in again') : null);
}
