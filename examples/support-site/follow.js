// Follow your ticket: the portal shows the ticket of the follow-up link in this page's
// fragment (#plaza-ticket=<id>:<token>) by itself, without a sign-in. Without one, the
// page asks for the link instead.
import { t } from './site.js';

const portal = document.getElementById('portal');
const noLink = document.getElementById('no-link');
const pasteForm = document.getElementById('paste-form');
const pasteInput = document.getElementById('paste-input');
const pasteError = document.getElementById('paste-error');

function showWhatTheLinkSays() {
  const hasLink = location.hash.startsWith('#plaza-ticket=');
  portal.hidden = !hasLink;
  noLink.hidden = hasLink;
}

pasteForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const at = pasteInput.value.indexOf('#plaza-ticket=');
  if (at < 0) {
    pasteError.textContent = t('pasteInvalid');
    return;
  }
  pasteError.textContent = '';
  // Only the fragment is taken: the link may name another host the ticket form was on.
  location.hash = pasteInput.value.slice(at);
});

window.addEventListener('hashchange', showWhatTheLinkSays);
showWhatTheLinkSays();
