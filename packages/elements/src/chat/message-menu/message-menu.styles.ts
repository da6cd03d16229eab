import { css } from 'lit';

export const messageMenuStyles = css`
  .menu {
    position: absolute;
    top: calc(100% + 4px);
    right: 0;
    z-index: 3;
    min-width: 180px;
    padding: 4px;
    border: 1px solid var(--c-border);
    border-radius: var(--c-radius);
    background: var(--c-surface);
    box-shadow: 0 6px 20px rgb(0 0 0 / 0.18);
    text-align: left;
  }

  :host([up]) .menu {
    top: auto;
    bottom: calc(100% + 4px);
  }

  button {
    display: block;
    width: 100%;
    padding: 6px 10px;
    border: 0;
    border-radius: 4px;
    background: none;
    text-align: left;
    white-space: nowrap;
  }

  button:hover,
  button:focus-visible {
    background: var(--c-accent);
    color: var(--c-on-accent);
    outline: none;
  }

  .emoji {
    display: grid;
    grid-template-columns: repeat(6, 34px);
    min-width: 0;
  }

  .emoji button {
    padding: 4px 0;
    font-size: 18px;
    text-align: center;
  }

  .emoji [aria-checked='true'] {
    background: var(--c-subtle);
  }

  .popover {
    right: auto;
    max-height: 220px;
    overflow-y: auto;
  }

  .popover-title {
    margin: 4px 6px;
    font-size: 0.8em;
    font-weight: 700;
  }

  ul {
    margin: 0 0 4px;
    padding: 0 6px;
    list-style: none;
  }
`;
