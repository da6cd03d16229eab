import { css } from 'lit';

export const messageListStyles = css`
  :host {
    position: relative;
    display: flex;
    flex-direction: column;
    min-height: 0;
  }

  .scroller {
    flex: 1;
    min-height: 0;
    overflow-x: hidden;
    overflow-y: auto;
    /* The list anchors itself; the browser's own scroll anchoring would fight it. */
    overflow-anchor: none;
    overscroll-behavior: contain;
  }

  .sizer {
    position: relative;
  }

  .window {
    position: absolute;
    top: 0;
    right: 0;
    left: 0;
  }

  /* A row draws its own focus ring, inside its padding. */
  plaza-message-item:focus-visible {
    outline: none;
  }

  .day,
  .divider {
    display: flex;
    align-items: center;
    gap: 10px;
    padding: 10px 20px 6px;
    font-size: 0.8em;
    font-weight: 600;
  }

  .day::before,
  .day::after,
  .divider::before,
  .divider::after {
    content: '';
    flex: 1;
    border-top: 1px solid var(--c-border);
  }

  .day span {
    padding: 2px 10px;
    border: 1px solid var(--c-border);
    border-radius: 12px;
    color: var(--c-muted);
  }

  .day.loading span {
    visibility: hidden;
  }

  .divider {
    color: var(--c-danger);
  }

  .divider::before,
  .divider::after {
    border-color: currentColor;
  }

  .start {
    padding: 12px 20px;
    font-size: 0.86em;
    text-align: center;
  }

  .status {
    position: absolute;
    inset: 0 0 24px;
    display: flex;
    flex-direction: column;
    align-items: center;
    justify-content: center;
    gap: 8px;
    pointer-events: none;
  }

  .status button {
    pointer-events: auto;
  }

  .status p {
    margin: 0;
  }

  .jump {
    position: absolute;
    right: 16px;
    bottom: 32px;
    display: inline-flex;
    align-items: center;
    gap: 6px;
    padding: 6px 12px;
    border: 1px solid var(--c-border);
    border-radius: 16px;
    background: var(--c-surface);
    box-shadow: 0 2px 8px rgb(0 0 0 / 0.16);
    font-size: 0.86em;
    font-weight: 600;
  }

  .jump .icon {
    width: 14px;
    height: 14px;
  }

  .typing {
    flex: none;
    height: 22px;
    padding: 2px 20px;
    overflow: hidden;
    font-size: 0.8em;
    white-space: nowrap;
    text-overflow: ellipsis;
  }
`;
