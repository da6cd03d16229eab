import { ContextRoot } from '@lit/context';

/** Shared across every copy of the bundle on a page, so only one ContextRoot is attached. */
const ROOT_KEY = Symbol.for('plaza.context-root');

type GlobalWithRoot = typeof globalThis & { [ROOT_KEY]?: ContextRoot };

/**
 * Buffers context requests from elements that upgraded before their `<plaza-provider>`
 * (the provider is defined later, or loaded by a second copy of the bundle) and replays
 * them when a provider appears. Without it such an element would never get a client.
 */
function ensureContextRoot(): void {
  const global = globalThis as GlobalWithRoot;
  if (global[ROOT_KEY] || typeof document === 'undefined') return;
  const root = new ContextRoot();
  root.attach(document.documentElement);
  global[ROOT_KEY] = root;
}

/**
 * Defines a custom element unless the tag is already taken. Loading two copies of the
 * Plaza bundle on one page (a portal embedding two widgets built separately) must not
 * throw; the first definition wins, and both copies share one client through the
 * `Symbol.for` context key.
 *
 * @example
 * define('plaza-provider', PlazaProvider);
 */
export function define(tagName: string, constructor: CustomElementConstructor): void {
  ensureContextRoot();
  if (customElements.get(tagName)) return;
  customElements.define(tagName, constructor);
}
