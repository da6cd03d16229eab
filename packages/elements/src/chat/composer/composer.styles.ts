import { css } from 'lit';

export const composerStyles = css`
  :host {
    display: block;
    padding: 0 16px 14px;
  }

  .composer {
    position: relative;
  }

  .box {
    border: 1px solid var(--c-border);
    border-radius: calc(var(--c-radius) + 2px);
    background: var(--c-surface);
  }

  .box:focus-within {
    border-color: var(--c-accent);
    box-shadow: 0 0 0 1px var(--c-accent);
  }

  .dragging .box {
    border-style: dashed;
    border-color: var(--c-accent);
  }

  textarea {
    display: block;
    width: 100%;
    min-height: 40px;
    max-height: 40vh;
    padding: 10px 12px 4px;
    border: 0;
    background: transparent;
    line-height: 1.4;
    resize: none;
    field-sizing: content;
  }

  textarea:focus-visible {
    outline: none;
  }

  .tools {
    display: flex;
    align-items: center;
    gap: 4px;
    padding: 2px 6px 6px;
  }

  .priority {
    height: 28px;
    margin-right: auto;
    padding: 0 4px;
    border: 1px solid transparent;
    border-radius: var(--c-radius);
    background: transparent;
    color: var(--c-muted);
    font-size: 0.86em;
  }

  .priority:hover {
    border-color: var(--c-border);
  }

  .priority.urgency-important {
    color: var(--c-warning);
    font-weight: 600;
  }

  .priority.urgency-urgent {
    color: var(--c-danger);
    font-weight: 600;
  }

  .send {
    display: inline-grid;
    place-items: center;
    width: 36px;
    height: 32px;
    margin-left: auto;
    border: 0;
    border-radius: var(--c-radius);
    background: var(--c-accent);
    color: var(--c-on-accent);
  }

  .priority + .send {
    margin-left: 0;
  }

  .send:disabled {
    background: var(--c-subtle);
    color: var(--c-muted);
    cursor: default;
  }

  .loading,
  .error {
    display: block;
    margin: 0 0 6px;
    font-size: 0.86em;
  }

  .mentions {
    position: absolute;
    bottom: calc(100% + 4px);
    left: 0;
    z-index: 3;
    min-width: 220px;
    max-width: 100%;
    margin: 0;
    padding: 4px;
    border: 1px solid var(--c-border);
    border-radius: var(--c-radius);
    background: var(--c-surface);
    box-shadow: 0 6px 20px rgb(0 0 0 / 0.18);
    list-style: none;
  }

  [role='option'] {
    display: flex;
    gap: 8px;
    align-items: baseline;
    padding: 5px 10px;
    border-radius: 4px;
    cursor: pointer;
  }

  [role='option'][aria-selected='true'] {
    background: var(--c-accent);
    color: var(--c-on-accent);
  }

  [role='option'][aria-selected='true'] .muted {
    color: inherit;
  }

  .mention-name {
    font-weight: 600;
  }

  .drop-hint {
    position: absolute;
    inset: 0;
    display: grid;
    place-items: center;
    border-radius: var(--c-radius);
    background: color-mix(in srgb, var(--c-surface) 85%, transparent);
    color: var(--c-accent);
    font-weight: 600;
    pointer-events: none;
  }
`;
