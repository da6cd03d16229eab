import { css } from 'lit';

export const taskNotificationsStyles = css`
  :host {
    display: block;
    max-height: 320px;
    overflow: auto;
    padding: 8px;
    border: 1px solid var(--t-border);
    border-radius: var(--t-radius);
    background: var(--t-surface);
    box-shadow: 0 6px 20px rgb(0 0 0 / 0.2);
  }
  ul {
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .link {
    width: 100%;
    padding: 6px;
    border: 0;
    border-radius: var(--t-radius);
    background: none;
    text-align: start;
    font-weight: 600;
  }
  .read .link {
    font-weight: normal;
    color: var(--t-muted);
  }
  .link:hover {
    background: var(--t-subtle);
  }
  p {
    margin: 4px;
  }
`;
