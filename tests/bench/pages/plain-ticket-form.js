// Baseline of the ticket-form-interactive benchmark, served as it is as the page's one
// module script: what the ticket form does before a user can type, done the plainest way —
// fetch the same form configuration from Plaza, then build the same fields (name, email,
// category, subject, description, files, the hidden honeypot, submit) as a plain <form>
// with DOM calls. No framework, no shadow DOM, no styles, no translations.
/* global document, Option */
const host = document.querySelector('#plain');
const { tenant, url } = host.dataset;

function field(form, id, label, control) {
  const wrapper = document.createElement('div');
  const text = document.createElement('label');
  text.htmlFor = id;
  text.textContent = label;
  control.id = id;
  control.name = id;
  wrapper.append(text, control);
  form.append(wrapper);
}

function input(type) {
  const element = document.createElement('input');
  element.type = type;
  return element;
}

const response = await fetch(`${url}/v1/public/ticket-form?tenant=${encodeURIComponent(tenant)}`);
if (!response.ok) throw new Error(`the form configuration answered ${response.status}`);
const config = await response.json();
const form = document.createElement('form');
field(form, 'name', 'Name', input('text'));
field(form, 'email', 'Email', input('email'));
const select = document.createElement('select');
for (const category of config.categories) select.append(new Option(category, category));
field(form, 'category', 'Category', select);
field(form, 'subject', 'Subject', input('text'));
field(form, 'description', 'Description', document.createElement('textarea'));
const files = input('file');
files.multiple = true;
field(form, 'files', 'Attachments', files);
const honeypot = input('text');
honeypot.name = 'website';
honeypot.hidden = true;
form.append(honeypot);
const submit = document.createElement('button');
submit.setAttribute('part', 'submit-button');
submit.textContent = 'Submit';
form.append(submit);
host.append(form);
