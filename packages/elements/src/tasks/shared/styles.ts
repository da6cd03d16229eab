import { css } from 'lit';

/**
 * Shared by the task list and its drawer. `--t-*` are private short names for the public
 * tokens, resolved on each host (so a page's `--plaza-*` value still wins) to keep the
 * stylesheets small; the drawer takes its token defaults from the list's host.
 */
export const taskBaseStyles = css`
  :host {
    --t-accent: var(--plaza-color-accent, var(--_plaza-color-accent));
    --t-on-accent: var(--plaza-color-on-accent, var(--_plaza-color-on-accent));
    --t-border: var(--plaza-color-border, var(--_plaza-color-border));
    --t-danger: var(--plaza-color-danger, var(--_plaza-color-danger));
    --t-warning: var(--plaza-color-warning, var(--_plaza-color-warning));
    --t-surface: var(--plaza-color-surface, var(--_plaza-color-surface));
    --t-subtle: var(--plaza-color-surface-subtle, var(--_plaza-color-surface-subtle));
    --t-text: var(--plaza-color-text, var(--_plaza-color-text));
    --t-muted: var(--plaza-color-text-muted, var(--_plaza-color-text-muted));
    --t-focus: var(--plaza-focus-ring, var(--_plaza-focus-ring));
    --t-radius: var(--plaza-radius, var(--_plaza-radius));
    box-sizing: border-box;
    color: var(--t-text);
    line-height: 1.4;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  button,
  input,
  select,
  textarea {
    font: inherit;
    color: inherit;
  }
  button {
    cursor: pointer;
  }
  input:not([type='checkbox']),
  select,
  textarea {
    min-width: 0;
    padding: 5px 8px;
    border: 1px solid var(--t-border);
    border-radius: var(--t-radius);
    background: var(--t-surface);
  }
  :focus-visible {
    outline: var(--t-focus);
    outline-offset: 1px;
  }
  .btn {
    padding: 4px 10px;
    border: 1px solid var(--t-border);
    border-radius: var(--t-radius);
    background: var(--t-surface);
    white-space: nowrap;
  }
  .btn:hover {
    background: var(--t-subtle);
  }
  .btn--primary {
    border-color: var(--t-accent);
    background: var(--t-accent);
    color: var(--t-on-accent);
  }
  .icon {
    width: 18px;
    height: 18px;
    flex: none;
  }
  .muted {
    color: var(--t-muted);
  }
  .chip {
    display: inline-flex;
    align-items: center;
    gap: 3px;
    padding: 0 6px;
    border-radius: 999px;
    background: var(--t-subtle);
    color: var(--t-muted);
    font-size: 0.85em;
    white-space: nowrap;
  }
  .chip--overdue {
    background: var(--t-danger);
    color: var(--t-on-accent);
  }
  .chip--soon {
    outline: 1px solid var(--t-warning);
    color: var(--t-warning);
    background: transparent;
  }
  .chip--urgent,
  .chip--high {
    box-shadow: inset 0 0 0 1px var(--t-danger);
    color: var(--t-text);
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 4px 6px;
    font-size: 0.88em;
  }
  .meta .icon {
    width: 13px;
    height: 13px;
  }
  [data-due='overdue'] {
    box-shadow: inset 3px 0 var(--t-danger);
  }
  [data-due='soon'] {
    box-shadow: inset 3px 0 var(--t-warning);
  }
  .banner {
    margin: 0;
    padding: 6px 12px;
    border-bottom: 1px solid var(--t-border);
    background: var(--t-subtle);
    font-size: 0.9em;
  }
  .banner--error {
    color: var(--t-danger);
  }
`;
