import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  loadLanguage,
  resolveLanguage,
  translationFor,
  type LanguageCode,
  type TranslationArgs,
  type TranslationKey,
} from '../translations/index.js';

type Host = ReactiveControllerHost & HTMLElement;

/** Controllers of connected elements, refreshed together when any `lang` attribute changes. */
const connected = new Set<LocalizeController>();
let observer: MutationObserver | undefined;

function observeLang(): void {
  if (observer || typeof MutationObserver === 'undefined') return;
  // One observer for the whole light DOM, filtered to `lang`: a page switching language
  // on <html> or on a wrapper around the elements is seen at once. A `lang` changed inside
  // another component's shadow root is picked up the next time the element connects.
  observer = new MutationObserver(() => {
    for (const controller of connected) controller.refresh();
  });
  observer.observe(document.documentElement, {
    attributes: true,
    attributeFilter: ['lang'],
    subtree: true,
  });
}

/** The `lang` of the element or its nearest ancestor, crossing shadow roots outwards. */
function inheritedLang(element: Element): string | null {
  let node: Element | null = element;
  while (node) {
    const withLang = node.closest('[lang]');
    if (withLang) return withLang.getAttribute('lang');
    const root = node.getRootNode();
    node = root instanceof ShadowRoot ? root.host : null;
  }
  return null;
}

/**
 * Gives an element its language (`en` or `zh-CN`) from its own or the nearest ancestor's
 * `lang` attribute, and re-renders it when that changes.
 *
 * @example
 * class MyElement extends LitElement {
 *   private readonly localize = new LocalizeController(this);
 *   render() { return html`${this.localize.term('statusOnline')}`; }
 * }
 */
export class LocalizeController implements ReactiveController {
  private readonly host: Host;
  private current: LanguageCode;

  constructor(host: Host) {
    this.host = host;
    this.current = resolveLanguage(inheritedLang(host));
    host.addController(this);
  }

  /** The language the host renders in. */
  get lang(): LanguageCode {
    return this.current;
  }

  /**
   * Settles once the strings of the host's language are loaded (some load on demand,
   * zh-CN ones for instance); null when they are. `PlazaElement` waits for it before it
   * renders, so a page never sees a flash of the wrong language.
   */
  get loading(): Promise<void> | null {
    return loadLanguage(this.current);
  }

  /** The text for `key` (English if its language's part could not load); plural keys take their count. */
  term<K extends TranslationKey>(key: K, ...args: TranslationArgs<K>): string {
    const entry = translationFor(this.current)[key] ?? translationFor('en')[key]!;
    return typeof entry === 'function' ? (entry as (...a: unknown[]) => string)(...args) : entry;
  }

  hostConnected(): void {
    connected.add(this);
    observeLang();
    this.refresh();
  }

  hostDisconnected(): void {
    connected.delete(this);
  }

  /** Re-reads the inherited `lang`; re-renders the host if the language changed. */
  refresh(): void {
    const next = resolveLanguage(inheritedLang(this.host));
    if (next === this.current) return;
    this.current = next;
    this.host.requestUpdate();
  }
}
