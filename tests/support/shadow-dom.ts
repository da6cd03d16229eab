/**
 * Functions that run inside the page (pass them to `page.evaluate`). Each is self-contained:
 * Playwright sends its source text, so it may not use anything from this module's scope.
 */

/** What `auditShadowDom` reports: one line per dangerous node or attribute found. */
export type AuditFindings = string[];

/**
 * Walks `selector`'s shadow root and every shadow root below it, and lists executable
 * markup: script-like elements, `on*` attributes, and URLs with script (or HTML data) schemes.
 */
export function auditShadowDom(selector: string): AuditFindings {
  const findings: string[] = [];
  const urlAttributes = new Set(['href', 'xlink:href', 'src', 'srcdoc', 'action', 'formaction', 'data', 'poster', 'background']);
  const forbiddenTags = new Set(['script', 'iframe', 'object', 'embed', 'frame', 'frameset', 'base', 'meta', 'link']);
  const dangerousUrl = /^(javascript|vbscript|livescript):|^data:(text\/html|image\/svg|application\/(xhtml|javascript))/i;
  // Browsers ignore ASCII control characters and whitespace inside a URL's scheme.
  const withoutControls = (value: string): string => [...value].filter((c) => c.charCodeAt(0) > 0x20).join('');
  const visit = (root: ParentNode, path: string): void => {
    for (const element of root.querySelectorAll('*')) {
      const tag = element.localName;
      if (forbiddenTags.has(tag)) findings.push(`${path} <${tag}> ${element.outerHTML.slice(0, 120)}`);
      for (const attribute of element.attributes) {
        const name = attribute.name.toLowerCase();
        if (name.startsWith('on')) findings.push(`${path} <${tag} ${name}="${attribute.value.slice(0, 80)}">`);
        if (urlAttributes.has(name) && dangerousUrl.test(withoutControls(attribute.value))) {
          findings.push(`${path} <${tag} ${name}="${attribute.value.slice(0, 80)}">`);
        }
      }
      if (element.shadowRoot) visit(element.shadowRoot, `${path} > ${tag}`);
    }
  };
  const host = document.querySelector(selector);
  if (!host?.shadowRoot) return [`no open shadow root on ${selector}`];
  visit(host.shadowRoot, selector);
  return findings;
}

/** The text of `selector`'s subtree including every open shadow root below it. */
export function deepText(selector: string): string {
  const parts: string[] = [];
  const visit = (node: Node): void => {
    if (node.nodeType === Node.TEXT_NODE) parts.push(node.textContent ?? '');
    const shadow = node instanceof Element ? node.shadowRoot : null;
    if (shadow) for (const child of shadow.childNodes) visit(child);
    for (const child of node.childNodes) visit(child);
  };
  const host = document.querySelector(selector);
  if (host) visit(host);
  return parts.join(' ');
}
