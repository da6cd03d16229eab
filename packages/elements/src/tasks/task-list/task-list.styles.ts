import { css } from 'lit';

export const taskListStyles = css`
  :host {
    position: relative;
    display: flex;
    flex-direction: column;
    height: var(--plaza-task-list-height, 560px);
    min-width: 280px;
    overflow: hidden;
    border: 1px solid var(--t-border);
    border-radius: calc(var(--t-radius) + 2px);
    background: var(--t-surface);
    container-type: inline-size;
  }
  .bar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px;
    padding: 8px 10px;
    border-bottom: 1px solid var(--t-border);
  }
  .title {
    flex: 1 1 8em;
    min-width: 0;
    margin: 0;
    overflow: hidden;
    font-size: 1.05em;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .seg {
    display: flex;
    gap: 2px;
  }
  .bell-wrap,
  .bell {
    position: relative;
  }
  .bell {
    padding: 4px 6px 0;
  }
  .badge {
    position: absolute;
    top: -6px;
    right: -6px;
    min-width: 18px;
    padding: 0 4px;
    border-radius: 999px;
    background: var(--t-danger);
    color: var(--t-on-accent);
    font-size: 0.72em;
    line-height: 18px;
  }
  .notes {
    position: absolute;
    top: calc(100% + 4px);
    right: 0;
    z-index: 3;
    width: min(320px, 86cqw);
  }
  .rows {
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .add {
    padding: 8px 10px 0;
  }
  .add input {
    width: 100%;
  }
  .body {
    flex: 1;
    min-height: 0;
    overflow: auto;
  }
  .empty {
    margin: 0;
    padding: 20px 16px;
    text-align: center;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 4px 8px;
    padding: 7px 10px;
    border-bottom: 1px solid var(--t-border);
  }
  .open {
    flex: 1 1 10em;
    min-width: 0;
    padding: 0;
    border: 0;
    background: none;
    text-align: start;
    overflow-wrap: anywhere;
  }
  .row[data-status='done'] .open {
    color: var(--t-muted);
    text-decoration: line-through;
  }
  plaza-task-board {
    height: 100%;
  }
  plaza-task-detail {
    position: absolute;
    inset: 0 0 0 auto;
    z-index: 4;
    width: min(440px, 100%);
  }
`;
