import { css } from 'lit';

/** The portal's frame: the navigation bar, the ticket and article lists, empty states. */
export const customerPortalStyles = css`
  :host {
    display: block;
    min-width: 0;
    container-type: inline-size;
    border: 1px solid var(--t-border);
    border-radius: var(--t-radius);
    background: var(--t-surface);
    line-height: 1.45;
  }
  .nav {
    display: flex;
    gap: 2px;
    overflow-x: auto;
    padding: 6px 8px 0;
    border-bottom: 1px solid var(--t-border);
  }
  .tab {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    padding: 8px 12px;
    border: 0;
    border-bottom: 3px solid transparent;
    background: none;
    color: var(--t-muted);
    font-weight: 600;
    white-space: nowrap;
  }
  .tab:hover {
    color: var(--t-text);
  }
  .tab[aria-current='page'] {
    border-bottom-color: var(--t-accent);
    color: var(--t-text);
  }
  .count {
    min-width: 1.5em;
    padding: 0 6px;
    border-radius: 999px;
    background: var(--t-danger);
    color: var(--t-on-accent);
    font-size: 0.8em;
    text-align: center;
  }
  .body {
    padding: 16px;
  }
  .banner {
    border-bottom: 1px solid var(--t-border);
  }
  .empty {
    padding: 28px 12px;
    text-align: center;
  }
  .empty-title {
    margin: 0 0 4px;
    font-size: 1.1em;
    font-weight: 600;
  }
  .empty .btn {
    margin-top: 8px;
  }
  .eyebrow {
    margin: 0 0 4px;
    font-size: 0.85em;
    font-weight: 600;
    letter-spacing: 0.04em;
    text-transform: uppercase;
  }
  .rows {
    display: grid;
    gap: 8px;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .row {
    display: grid;
    gap: 4px;
    width: 100%;
    padding: 10px 12px;
    border: 1px solid var(--t-border);
    border-radius: var(--t-radius);
    background: var(--t-surface);
    text-align: start;
  }
  .row:hover {
    background: var(--t-subtle);
  }
  .row--news {
    box-shadow: inset 3px 0 var(--t-danger);
  }
  .row-top {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    justify-content: space-between;
    gap: 4px 8px;
  }
  .subject {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .news {
    color: var(--t-danger);
    font-size: 0.85em;
    font-weight: 600;
    white-space: nowrap;
  }
  .meta {
    gap: 4px 10px;
  }
  .excerpt {
    display: -webkit-box;
    overflow: hidden;
    -webkit-box-orient: vertical;
    -webkit-line-clamp: 2;
    font-size: 0.9em;
    overflow-wrap: anywhere;
  }
  .articles h2 {
    margin: 0 0 10px;
    font-size: 1.2em;
  }
  .search {
    display: flex;
    gap: 6px;
    margin-bottom: 8px;
  }
  .search input {
    flex: 1;
  }
  .summary {
    margin: 0 0 10px;
    font-size: 0.9em;
  }
  @container (max-width: 420px) {
    .nav {
      padding: 4px 2px 0;
    }
    .body {
      padding: 12px 10px;
    }
    .tab {
      padding: 8px 6px;
    }
  }
`;
