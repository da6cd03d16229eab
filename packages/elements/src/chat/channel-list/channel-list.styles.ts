import { css } from 'lit';

export const channelListStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    min-height: 0;
  }

  .filter {
    padding: 10px 10px 6px;
  }

  input {
    width: 100%;
    height: 32px;
    padding: 0 10px;
    border: 1px solid var(--c-border);
    border-radius: var(--c-radius);
    background: var(--c-surface);
  }

  .list {
    flex: 1;
    min-height: 0;
    overflow-y: auto;
    padding: 0 6px 10px;
  }

  .group-label {
    padding: 12px 8px 4px;
    color: var(--c-muted);
    font-size: 0.8em;
    font-weight: 600;
    letter-spacing: 0.02em;
    text-transform: uppercase;
  }

  .option {
    display: flex;
    align-items: center;
    gap: 8px;
    min-height: 32px;
    padding: 4px 8px;
    border-radius: var(--c-radius);
    color: var(--c-muted);
    cursor: pointer;
    user-select: none;
  }

  .option:hover {
    background: var(--c-border);
  }

  .option.unread {
    color: var(--c-text);
    font-weight: 600;
  }

  .option[aria-selected='true'] {
    background: var(--c-accent);
    color: var(--c-on-accent);
  }

  .option:focus-visible {
    outline-offset: -2px;
  }

  .kind {
    display: inline-grid;
    place-items: center;
    width: 18px;
    flex: none;
  }

  .kind .icon {
    width: 15px;
    height: 15px;
  }

  .presence {
    width: 9px;
    height: 9px;
    border: 2px solid currentColor;
    border-radius: 50%;
  }

  .presence--online {
    border-color: var(--c-success);
    background: var(--c-success);
  }

  .presence--away {
    border-color: var(--c-warning);
  }

  .name {
    flex: 1;
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }

  .badge {
    flex: none;
    min-width: 20px;
    padding: 1px 6px;
    border-radius: 10px;
    background: var(--c-accent);
    color: var(--c-on-accent);
    font-size: 0.78em;
    font-weight: 700;
    text-align: center;
  }

  .badge--mention {
    background: var(--c-danger);
  }

  .empty {
    padding: 8px 16px;
  }
`;
