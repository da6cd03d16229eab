import { css } from 'lit';

export const messageEditorStyles = css`
  :host {
    display: block;
  }

  textarea {
    display: block;
    width: 100%;
    min-height: 60px;
    padding: 6px 8px;
    border: 1px solid var(--c-accent);
    border-radius: var(--c-radius);
    background: var(--c-surface);
    resize: vertical;
  }

  .actions {
    display: flex;
    justify-content: flex-end;
    gap: 6px;
    margin-top: 4px;
  }

  .primary,
  .primary:hover {
    border-color: var(--c-accent);
    background: var(--c-accent);
    color: var(--c-on-accent);
  }
`;
