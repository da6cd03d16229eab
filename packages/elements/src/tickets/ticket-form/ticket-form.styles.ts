import { css } from 'lit';

export const ticketFormStyles = css`
  :host {
    --b: 1px solid var(--plaza-color-border, var(--_plaza-color-border));
    --s: var(--plaza-color-surface, var(--_plaza-color-surface));
    --r: var(--plaza-radius, var(--_plaza-radius));
    display: block;
    max-width: 640px;
    padding: 16px;
    border: var(--b);
    border-radius: var(--r);
    background: var(--s);
  }
  h2,
  p {
    margin: 0;
  }
  fieldset {
    margin: 0;
    padding: 0;
    border: 0;
    min-width: 0;
  }
  .field {
    display: grid;
    gap: 4px;
    margin-top: 12px;
    font-weight: 600;
  }
  input,
  select,
  textarea,
  button {
    font: inherit;
    font-weight: 400;
    min-width: 0;
    color: inherit;
    border: var(--b);
    border-radius: var(--r);
    padding: 6px 10px;
    background: var(--s);
  }
  .error,
  [aria-invalid='true'] {
    color: var(--plaza-color-danger, var(--_plaza-color-danger));
    border-color: currentColor;
  }
  :focus-visible {
    outline: var(--plaza-focus-ring, var(--_plaza-focus-ring));
  }
  .primary {
    margin-top: 12px;
    background: var(--plaza-color-accent, var(--_plaza-color-accent));
    color: var(--plaza-color-on-accent, var(--_plaza-color-on-accent));
  }
  ul {
    padding: 0;
    list-style: none;
    overflow-wrap: anywhere;
  }
  .hp {
    position: absolute;
    left: -9999px;
  }
`;
