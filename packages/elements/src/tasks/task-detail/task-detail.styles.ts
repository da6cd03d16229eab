import { css } from 'lit';

export const taskDetailStyles = css`
  :host {
    display: block;
  }
  .drawer {
    display: flex;
    flex-direction: column;
    height: 100%;
    border-left: 1px solid var(--t-border);
    background: var(--t-surface);
    box-shadow: -8px 0 24px rgb(0 0 0 / 0.15);
  }
  .head {
    display: flex;
    gap: 8px;
    align-items: center;
    padding: 8px 10px;
    border-bottom: 1px solid var(--t-border);
  }
  .title {
    flex: 1;
    margin: 0;
    font-size: 1.1em;
    font-weight: 600;
  }
  .close {
    display: inline-grid;
    place-items: center;
    padding: 4px;
  }
  .scroll {
    flex: 1;
    overflow-y: auto;
    padding: 10px 12px 16px;
  }
  .fields {
    display: grid;
    grid-template-columns: 1fr 1fr;
    gap: 8px;
  }
  label {
    display: flex;
    flex-direction: column;
    gap: 2px;
    font-size: 0.88em;
    color: var(--t-muted);
  }
  label > :is(input, select) {
    color: var(--t-text);
    font-size: 1.05em;
  }
  .wide {
    grid-column: 1 / -1;
  }
  [data-due='overdue'] {
    border-color: var(--t-danger);
    color: var(--t-danger);
  }
  section {
    margin-top: 14px;
  }
  h3 {
    display: flex;
    gap: 8px;
    align-items: center;
    margin: 0 0 6px;
    font-size: 0.95em;
  }
  textarea {
    width: 100%;
    resize: vertical;
  }
  .small {
    padding: 0 6px;
    font-size: 0.85em;
  }
  .row-end,
  .inline {
    display: flex;
    gap: 6px;
    justify-content: flex-end;
    margin-top: 6px;
  }
  .inline > :first-child {
    flex: 1;
  }
  ul,
  ol {
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .checklist li,
  .files li {
    display: flex;
    gap: 6px;
    align-items: center;
    justify-content: space-between;
    padding: 2px 0;
  }
  .checklist label {
    flex-direction: row;
    gap: 6px;
    align-items: center;
    color: inherit;
    font-size: inherit;
  }
  .done {
    color: var(--t-muted);
    text-decoration: line-through;
  }
  .files {
    margin-bottom: 6px;
  }
  a {
    color: var(--t-accent);
    overflow-wrap: anywhere;
  }
  .source {
    margin: 10px 0 0;
  }
  .comments li {
    padding: 6px 0;
    border-bottom: 1px solid var(--t-border);
  }
  .by {
    margin: 0;
    font-size: 0.9em;
  }
  .md {
    overflow-wrap: anywhere;
  }
  .md :is(p, ul, ol, pre, blockquote) {
    margin: 4px 0;
  }
  .md ul,
  .md ol {
    padding-left: 20px;
  }
  .md ul {
    list-style: disc;
  }
  .md ol {
    list-style: decimal;
  }
  .md pre,
  .md code {
    background: var(--t-subtle);
    border-radius: 4px;
  }
  .md pre {
    padding: 6px;
    overflow-x: auto;
  }
  .md blockquote {
    padding-left: 8px;
    border-left: 3px solid var(--t-border);
    color: var(--t-muted);
  }
  .activity li {
    padding: 3px 0;
    font-size: 0.9em;
  }
  .danger {
    margin-top: 18px;
    border-color: var(--t-danger);
    color: var(--t-danger);
  }
  @container (max-width: 360px) {
    .fields {
      grid-template-columns: 1fr;
    }
  }
`;
