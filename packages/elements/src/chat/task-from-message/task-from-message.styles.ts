import { css } from 'lit';

// The fallbacks (Canvas, CanvasText) serve a dialog opened outside a chat panel, where the
// panel's token defaults do not reach.
export const taskFromMessageStyles = css`
  dialog {
    width: min(440px, calc(100vw - 24px));
    max-height: calc(100dvh - 24px);
    padding: 16px;
    overflow-y: auto;
    border: 1px solid var(--c-border, GrayText);
    border-radius: var(--c-radius, 6px);
    background: var(--c-surface, Canvas);
    color: var(--c-text, CanvasText);
    font-family: var(--plaza-font-family, var(--_plaza-font-family, inherit));
    font-size: var(--plaza-font-size, var(--_plaza-font-size, inherit));
    line-height: 1.4;
    box-shadow: 0 12px 40px rgb(0 0 0 / 0.3);
  }

  dialog::backdrop {
    background: rgb(0 0 0 / 0.35);
  }

  h2 {
    margin: 0 0 4px;
    font-size: 1.15em;
  }

  .source {
    margin: 0 0 12px;
    overflow: hidden;
    font-size: 0.9em;
    text-overflow: ellipsis;
    white-space: nowrap;
  }

  .field {
    display: flex;
    flex: 1 1 160px;
    flex-direction: column;
    gap: 4px;
    min-width: 0;
    margin-top: 10px;
  }

  .field > span {
    font-size: 0.9em;
    font-weight: 600;
  }

  .field .muted {
    font-weight: 400;
  }

  input,
  select {
    width: 100%;
    min-width: 0;
    padding: 6px 8px;
    border: 1px solid var(--c-border, GrayText);
    border-radius: var(--c-radius, 4px);
    background: var(--c-surface, Canvas);
  }

  [aria-invalid='true'] {
    border-color: var(--c-danger, red);
  }

  .row {
    display: flex;
    flex-wrap: wrap;
    column-gap: 12px;
  }

  .note {
    min-height: 1.2em;
    margin: 4px 0 0;
    font-size: 0.85em;
  }

  .error {
    min-height: 1.2em;
    margin: 12px 0 0;
  }

  .error:empty {
    margin: 0;
    min-height: 0;
  }

  .actions {
    display: flex;
    justify-content: flex-end;
    gap: 8px;
    margin-top: 16px;
  }

  .actions button {
    padding: 6px 14px;
    font-size: 1em;
  }

  .primary,
  .primary:hover {
    border-color: var(--c-accent, Highlight);
    background: var(--c-accent, Highlight);
    color: var(--c-on-accent, HighlightText);
  }

  button:disabled {
    cursor: default;
    opacity: 0.6;
  }
`;
