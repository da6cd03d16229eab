/** Loads the module that defines a tag; resolves once it is defined. */
export type ElementLoader = () => Promise<unknown>;

/**
 * Defines elements on demand: when one of `loaders`' tags first appears in the document
 * (or in a shadow root attached later), its module is imported, defines it, and the
 * browser upgrades every instance already in the page. A page pays only for the elements
 * it shows. Tags already defined (another copy of the bundle) are skipped.
 *
 * @example
 * defineLazily({ 'plaza-chat-panel': () => import('./chat/chat-panel/chat-panel.js') });
 */
export function defineLazily(loaders: Record<string, ElementLoader>): void {
  if (typeof document === 'undefined' || typeof MutationObserver === 'undefined') return;
  const pending = new Map(Object.entries(loaders).filter(([tag]) => !customElements.get(tag)));
  if (pending.size === 0) return;
  const selector = [...pending.keys()].join(',');

  const load = (tag: string): void => {
    const loader = pending.get(tag);
    if (!loader) return;
    pending.delete(tag);
    loader().catch((error: unknown) => {
      // Let a later appearance try again (a chunk that failed to download, say).
      pending.set(tag, loader);
      console.error(`Plaza: could not load <${tag}>`, error);
    });
  };
  const scan = (root: ParentNode): void => {
    if (pending.size === 0) return;
    for (const element of root.querySelectorAll(selector)) load(element.localName);
  };
  const visit = (node: Node): void => {
    if (!(node instanceof Element)) return;
    if (pending.has(node.localName)) load(node.localName);
    scan(node);
  };

  const observer = new MutationObserver((records) => {
    for (const record of records) record.addedNodes.forEach(visit);
  });
  const watch = (root: Document | ShadowRoot): void => {
    observer.observe(root, { childList: true, subtree: true });
    scan(root);
  };
  watch(document);

  // Elements inside other components' shadow roots: watch each root attached from now on.
  const attachShadow = Object.getOwnPropertyDescriptor(Element.prototype, 'attachShadow')?.value as
    | ((this: Element, init: ShadowRootInit) => ShadowRoot)
    | undefined;
  if (!attachShadow) return;
  Element.prototype.attachShadow = function (this: Element, init: ShadowRootInit): ShadowRoot {
    const root = attachShadow.call(this, init);
    if (pending.size > 0) watch(root);
    return root;
  };
}
