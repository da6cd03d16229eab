import { css } from 'lit';

export const connectionStatusStyles = css`
  :host {
    display: inline-block;
    max-width: 100%;
    vertical-align: middle;
    line-height: 1.3;
  }

  .root {
    display: inline-flex;
    align-items: center;
    gap: 8px;
    max-width: 100%;
    min-width: 0;
  }

  .avatar {
    flex: none;
    display: inline-grid;
    place-items: center;
    width: 28px;
    height: 28px;
    border-radius: 50%;
    background: var(--plaza-color-accent, var(--_plaza-color-accent));
    color: var(--plaza-color-on-accent, var(--_plaza-color-on-accent));
    font-size: 12px;
    font-weight: 600;
    letter-spacing: 0.02em;
    user-select: none;
  }

  .text {
    display: flex;
    flex-direction: column;
    min-width: 0;
  }

  .name {
    overflow: hidden;
    font-weight: 600;
    text-overflow: ellipsis;
    white-space: nowrap;
  }

  .status {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    color: var(--plaza-color-text-muted, var(--_plaza-color-text-muted));
    font-size: 0.86em;
    white-space: nowrap;
  }

  .dot {
    flex: none;
    width: 8px;
    height: 8px;
    border-radius: 50%;
    background: var(--plaza-color-neutral, var(--_plaza-color-neutral));
  }

  .status--online .dot {
    background: var(--plaza-color-success, var(--_plaza-color-success));
  }

  .status--connecting .dot {
    background: var(--plaza-color-warning, var(--_plaza-color-warning));
    animation: pulse 1.2s ease-in-out infinite;
  }

  @keyframes pulse {
    50% {
      opacity: 0.35;
    }
  }

  @media (prefers-reduced-motion: reduce) {
    .status--connecting .dot {
      animation: none;
    }
  }
`;
