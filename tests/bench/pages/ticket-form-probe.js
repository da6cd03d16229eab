// Inlined as a classic script into the pages of the ticket-form-interactive benchmark,
// before the form's own module script (which runs later, modules being deferred): it
// watches for the form to become interactive and sets `window.PlazaProbe` to a promise of
// the figures. Plain JavaScript, run as it is (no bundling).
//   data-script: the absolute URL of the script whose load starts the clock
//   data-host:   `plaza-ticket-form` (watch that element's shadow root) or `document`
/* global document, window, customElements, requestAnimationFrame, MutationObserver */
(() => {
  const { script, host } = document.currentScript.dataset;

  /**
   * Interactive: a form whose submit button is enabled and whose name field is enabled and
   * takes focus (`:enabled` also covers a disabled fieldset around it) — a user can type.
   */
  function interactive(root) {
    const button = root.querySelector('form [part="submit-button"]');
    const input = root.querySelector('form #name');
    if (!button || !input || !button.matches(':enabled') || !input.matches(':enabled')) return false;
    input.focus();
    return root.activeElement === input;
  }

  function frameRendered() {
    return new Promise((resolve) => {
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve(performance.now());
        channel.port2.postMessage(null);
      });
    });
  }

  function watch(root) {
    return new Promise((resolve) => {
      const check = () => {
        if (!interactive(root)) return false;
        observer.disconnect();
        resolve(performance.now());
        return true;
      };
      const observer = new MutationObserver(check);
      observer.observe(root, { childList: true, subtree: true, attributes: true });
      check();
    });
  }

  async function rootToWatch() {
    if (host === 'document') return document;
    await customElements.whenDefined(host);
    return document.querySelector(host).shadowRoot;
  }

  window.PlazaProbe = (async () => {
    const interactiveAt = await watch(await rootToWatch());
    const frameAt = await frameRendered();
    const entry = performance.getEntriesByName(script)[0];
    if (!entry) throw new Error(`no resource timing entry for ${script}`);
    const config = performance.getEntriesByType('resource').find((e) => e.name.includes('/v1/public/ticket-form?'));
    if (!config) throw new Error('no resource timing entry for the form configuration');
    return { scriptStart: entry.startTime, scriptEnd: entry.responseEnd, configStart: config.startTime, configEnd: config.responseEnd, interactiveAt, frameAt };
  })();
})();
