import { css } from 'lit';

export const chatAsideStyles = css`
  :host {
    display: block;
    min-height: 0;
    background: var(--c-surface);
  }

  .aside {
    display: flex;
    flex-direction: column;
    height: 100%;
  }

  .aside-header {
    display: flex;
    flex: none;
    align-items: center;
    justify-content: space-between;
    height: 48px;
    padding: 0 10px 0 16px;
    border-bottom: 1px solid var(--c-border);
  }

  .aside-header h3 {
    margin: 0;
    font-size: 1em;
  }

  .aside-body {
    flex: 1;
    min-height: 0;
    overflow-y: auto;
    padding: 8px 0;
  }

  .aside-count {
    margin: 4px 20px;
    font-size: 0.86em;
  }
`;
