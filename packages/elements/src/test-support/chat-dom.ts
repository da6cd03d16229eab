/** DOM helpers for the chat element tests: queries through shadow roots, and settling. */
import type { LitElement } from 'lit';

/** Every element matching `selector` in `root` and in every shadow root below it. */
export function deepAll<E extends Element = HTMLElement>(root: Element | ShadowRoot | Document, selector: string): E[] {
  const found: E[] = [];
  const visit = (node: Element | ShadowRoot | Document) => {
    found.push(...node.querySelectorAll<E>(selector));
    for (const el of node.querySelectorAll('*')) if (el.shadowRoot) visit(el.shadowRoot);
  };
  visit(root instanceof Element && root.shadowRoot ? root.shadowRoot : root);
  return found;
}

export function deep<E extends Element = HTMLElement>(root: Element | ShadowRoot | Document, selector: string): E | undefined {
  return deepAll<E>(root, selector)[0];
}

/** Text of an element, whitespace collapsed. */
export function text(el: Element | undefined | null): string {
  return ((el?.shadowRoot ?? el)?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** All text under `el`, shadow roots included, whitespace collapsed. */
export function deepText(el: Element | undefined | null): string {
  if (!el) return '';
  const parts: string[] = [];
  const visit = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) parts.push(node.textContent ?? '');
    if (node instanceof Element && node.shadowRoot) visit(node.shadowRoot);
    for (const child of node.childNodes) visit(child);
  };
  visit(el);
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}

const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));

/**
 * Waits until every Lit element below `root` has rendered and layout observers (ResizeObserver,
 * IntersectionObserver) have run, a few rounds, since each round may schedule the next.
 */
export async function settle(root: Element, rounds = 4): Promise<void> {
  for (let i = 0; i < rounds; i += 1) {
    // Parts loaded on demand (the thread view) upgrade once their module has arrived.
    const pending = [root, ...deepAll(root, '*')].filter((el) => el.localName.startsWith('plaza-') && !customElements.get(el.localName));
    await Promise.all(pending.map((el) => customElements.whenDefined(el.localName)));
    const elements = [root, ...deepAll(root, '*')].filter((el): el is LitElement => 'updateComplete' in el);
    await Promise.all(elements.map((el) => el.updateComplete));
    await frame();
    await new Promise((resolve) => setTimeout(resolve));
  }
}

/** Resolves once `condition` holds, checking each frame; fails after `timeoutMs`. */
export async function until(condition: () => unknown, timeoutMs = 2000): Promise<void> {
  const started = performance.now();
  while (!condition()) {
    if (performance.now() - started > timeoutMs) throw new Error(`timed out waiting for ${condition.toString()}`);
    await frame();
  }
}
