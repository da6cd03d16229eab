/** DOM helpers for the customer portal's element tests: the portal, its parts, typing and choosing files. */
import { fixture, html, waitUntil } from '@open-wc/testing';
import type { PlazaCustomerPortal } from '../tickets/customer-portal/customer-portal.js';
import type { FakePortalClient } from './fake-portal.js';

export type PortalPart = 'plaza-portal-ticket' | 'plaza-portal-new-ticket' | 'plaza-portal-article';

/** The portal's own shadow root. */
export function shadow(el: PlazaCustomerPortal): ShadowRoot {
  return el.shadowRoot!;
}

/** A part's shadow root once it has loaded and rendered. */
export async function partOf(el: PlazaCustomerPortal, tag: PortalPart): Promise<ShadowRoot> {
  await waitUntil(() => shadow(el).querySelector(tag)?.shadowRoot?.firstElementChild, `${tag} did not render`, { timeout: 5_000 });
  const part = shadow(el).querySelector(tag)!;
  await (part as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
  return part.shadowRoot!;
}

/** Text with whitespace collapsed. */
export function textOf(node: Element | ShadowRoot | null | undefined): string {
  return (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** The rows of the ticket list (or article list), as their subjects. */
export function rowSubjects(el: PlazaCustomerPortal): string[] {
  return [...shadow(el).querySelectorAll('.row .subject')].map((s) => textOf(s));
}

export function row(el: PlazaCustomerPortal, subject: string): HTMLButtonElement {
  const found = [...shadow(el).querySelectorAll<HTMLButtonElement>('.row')].find((r) => textOf(r.querySelector('.subject')) === subject);
  if (!found) throw new Error(`no row “${subject}” in ${rowSubjects(el).join(' | ')}`);
  return found;
}

/** Mounts a portal for the fake client and waits for the ticket list (or the view's first content). */
export async function mountPortal(fake: FakePortalClient, view = 'tickets', lang = 'en'): Promise<PlazaCustomerPortal> {
  const container = await fixture<HTMLElement>(html`<div lang=${lang}><plaza-customer-portal view=${view} .client=${fake.client}></plaza-customer-portal></div>`);
  const el = container.querySelector('plaza-customer-portal')!;
  const ready = view === 'tickets' ? '.rows, .empty-title, [role="alert"]' : view === 'new' ? 'plaza-portal-new-ticket' : '.articles, [role="alert"]';
  await waitUntil(() => shadow(el).querySelector(ready), 'the portal did not render', { timeout: 5_000 });
  return el;
}

/** Types into a control as a person would: the value, then the event a form listens to. */
export async function type(root: ShadowRoot, id: string, value: string): Promise<void> {
  const input = root.getElementById(id) as HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement | null;
  if (!input) throw new Error(`no #${id}`);
  input.value = value;
  input.dispatchEvent(new Event(input instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true, composed: true }));
  await (root.host as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
}

/** Chooses files in the part's (hidden) file input. */
export function chooseFiles(root: ShadowRoot, files: File[], selector = 'input[type="file"]'): void {
  const input = root.querySelector<HTMLInputElement>(selector)!;
  const transfer = new DataTransfer();
  for (const file of files) transfer.items.add(file);
  input.files = transfer.files;
  input.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
}

export function button(root: ShadowRoot, selector: string): HTMLButtonElement {
  const found = root.querySelector<HTMLButtonElement>(selector);
  if (!found) throw new Error(`no ${selector}`);
  return found;
}
