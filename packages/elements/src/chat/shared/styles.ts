import { css } from 'lit';

/**
 * Shared by the chat panel and its inner elements. The inner elements take their token
 * defaults from the panel's host (custom properties inherit into shadow roots), so they do
 * not repeat the theme's token sets, which would reset a dark panel's children to light.
 *
 * `--c-*` are private short names for the public tokens, resolved on each element's host
 * (so a page's `--plaza-*` value still wins), to keep the stylesheets small.
 */
export const chatBaseStyles = css`
  :host {
    --c-accent: var(--plaza-color-accent, var(--_plaza-color-accent));
    --c-border: var(--plaza-color-border, var(--_plaza-color-border));
    --c-danger: var(--plaza-color-danger, var(--_plaza-color-danger));
    --c-on-accent: var(--plaza-color-on-accent, var(--_plaza-color-on-accent));
    --c-success: var(--plaza-color-success, var(--_plaza-color-success));
    --c-surface: var(--plaza-color-surface, var(--_plaza-color-surface));
    --c-subtle: var(--plaza-color-surface-subtle, var(--_plaza-color-surface-subtle));
    --c-text: var(--plaza-color-text, var(--_plaza-color-text));
    --c-muted: var(--plaza-color-text-muted, var(--_plaza-color-text-muted));
    --c-warning: var(--plaza-color-warning, var(--_plaza-color-warning));
    --c-focus: var(--plaza-focus-ring, var(--_plaza-focus-ring));
    --c-radius: var(--plaza-radius, var(--_plaza-radius));
    box-sizing: border-box;
    color: var(--c-text);
  }

  :host([hidden]) {
    display: none !important;
  }

  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }

  button,
  input,
  textarea,
  select {
    font: inherit;
    color: inherit;
  }

  button {
    cursor: pointer;
  }

  :focus-visible {
    outline: var(--c-focus);
    outline-offset: 1px;
  }

  .icon {
    width: 18px;
    height: 18px;
    flex: none;
  }

  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }

  .icon-button {
    display: inline-grid;
    place-items: center;
    min-width: 32px;
    height: 32px;
    padding: 0 6px;
    border: 0;
    border-radius: var(--c-radius);
    background: transparent;
    color: var(--c-muted);
  }

  .icon-button:hover,
  .icon-button[aria-expanded='true'] {
    background: var(--c-subtle);
    color: var(--c-text);
  }

  .text-button {
    padding: 2px 8px;
    border: 1px solid var(--c-border);
    border-radius: var(--c-radius);
    background: var(--c-surface);
    font-size: 0.9em;
  }

  .text-button:hover {
    background: var(--c-subtle);
  }

  .muted {
    color: var(--c-muted);
  }

  .error {
    color: var(--c-danger);
  }
`;
