import { css } from 'lit';

/**
 * Three columns (queues, tickets, the open ticket) from 900 px; below, the queues become a
 * strip above the list; below 600 px the list and the open ticket take turns.
 */
export const ticketInboxStyles = css`
  :host {
    display: block;
    height: var(--plaza-ticket-inbox-height, 640px);
    min-width: 0;
    overflow: hidden;
    border: 1px solid var(--t-border);
    border-radius: calc(var(--t-radius) + 2px);
    background: var(--t-surface);
    container-type: inline-size;
  }
  .inbox {
    display: grid;
    grid-template-columns: 190px minmax(260px, 340px) minmax(0, 1fr);
    grid-template-rows: minmax(0, 1fr);
    height: 100%;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  .queues {
    min-height: 0;
    overflow: auto;
    padding: 8px 6px;
    border-inline-end: 1px solid var(--t-border);
    background: var(--t-subtle);
  }
  .queues ul {
    margin: 0 0 8px;
    padding: 0;
    list-style: none;
  }
  .heading,
  .subheading {
    margin: 4px 6px 8px;
    font-size: 1.05em;
  }
  .subheading {
    font-size: 0.8em;
    color: var(--t-muted);
    text-transform: uppercase;
    letter-spacing: 0.04em;
  }
  .queue {
    display: flex;
    align-items: center;
    gap: 6px;
    width: 100%;
    padding: 6px 8px;
    border: 0;
    border-radius: var(--t-radius);
    background: none;
    text-align: start;
  }
  .queue:hover {
    background: var(--t-surface);
  }
  .queue[aria-current='true'] {
    background: var(--t-accent);
    color: var(--t-on-accent);
  }
  .queue-name {
    flex: 1;
    min-width: 0;
    overflow-wrap: anywhere;
  }
  .count {
    min-width: 22px;
    padding: 0 6px;
    border-radius: 999px;
    background: var(--t-surface);
    color: var(--t-text);
    font-size: 0.8em;
    text-align: center;
  }
  .count--alert {
    background: var(--t-danger);
    color: var(--t-on-accent);
  }
  .list,
  .detail {
    display: flex;
    flex-direction: column;
    min-width: 0;
    min-height: 0;
  }
  .list {
    border-inline-end: 1px solid var(--t-border);
  }
  .bar {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
    padding: 8px;
    border-bottom: 1px solid var(--t-border);
  }
  .search {
    flex: 1 1 10em;
  }
  .bar select {
    flex: 1 1 8em;
  }
  .rows {
    flex: 1;
    min-height: 0;
    overflow: auto;
  }
  .rows[hidden] {
    display: none;
  }
  .row {
    display: grid;
    gap: 3px;
    padding: 8px 10px;
    border-bottom: 1px solid var(--t-border);
    cursor: pointer;
  }
  .row:hover {
    background: var(--t-subtle);
  }
  .row[aria-selected='true'] {
    background: color-mix(in srgb, var(--t-accent) 14%, var(--t-surface));
  }
  .row:focus-visible {
    outline-offset: -2px;
  }
  .row[data-sla='breached'] {
    box-shadow: inset 4px 0 var(--t-danger);
  }
  .row[data-sla='soon'] {
    box-shadow: inset 4px 0 var(--t-warning);
  }
  .subject {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .row[data-status='resolved'] .subject,
  .row[data-status='closed'] .subject {
    font-weight: normal;
    color: var(--t-muted);
  }
  .customer {
    overflow-wrap: anywhere;
  }
  .status-chip[data-status='new'] {
    box-shadow: inset 0 0 0 1px var(--t-accent);
    color: var(--t-accent);
    background: transparent;
  }
  .sla--breached {
    background: var(--t-danger);
    color: var(--t-on-accent);
    font-weight: 600;
  }
  .sla--soon {
    box-shadow: inset 0 0 0 1px var(--t-warning);
    color: var(--t-warning);
    background: transparent;
  }
  .empty {
    margin: 0;
    padding: 20px 16px;
    text-align: center;
  }
  .more {
    margin: 8px;
  }
  .back {
    display: none;
    align-self: flex-start;
    margin: 8px;
  }
  plaza-ticket-detail {
    flex: 1;
    min-height: 0;
  }
  .pick {
    margin: auto;
  }
  .unavailable {
    display: grid;
    place-content: center;
    height: 100%;
    padding: 24px;
    text-align: center;
  }
  .unavailable h2 {
    margin: 0 0 8px;
    font-size: 1.1em;
  }
  .unavailable p {
    max-width: 36em;
    margin: 0;
    color: var(--t-muted);
  }

  @container (max-width: 899px) {
    .inbox {
      grid-template-columns: minmax(220px, 320px) minmax(0, 1fr);
      grid-template-rows: auto minmax(0, 1fr);
    }
    .queues {
      display: flex;
      grid-column: 1 / -1;
      gap: 4px;
      padding: 6px;
      border-inline-end: 0;
      border-bottom: 1px solid var(--t-border);
    }
    .queues ul {
      display: flex;
      gap: 4px;
      margin: 0;
    }
    .queue {
      white-space: nowrap;
    }
    .heading,
    .subheading {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip-path: inset(50%);
    }
  }

  @container (max-width: 599px) {
    .inbox {
      grid-template-columns: minmax(0, 1fr);
    }
    .list {
      border-inline-end: 0;
    }
    .inbox[data-view='ticket'] .list,
    .inbox[data-view='ticket'] .queues,
    .inbox[data-view='list'] .detail {
      display: none;
    }
    .inbox[data-view='ticket'] {
      grid-template-rows: minmax(0, 1fr);
    }
    .back {
      display: inline-block;
    }
  }
`;
