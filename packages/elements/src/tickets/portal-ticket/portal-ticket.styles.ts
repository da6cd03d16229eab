import { css } from 'lit';

/** The customer's own messages sit on the subtle surface, the support team's on a tint of the accent. */
export const portalTicketStyles = css`
  :host {
    display: block;
    min-width: 0;
  }
  .empty {
    padding: 24px 12px;
    text-align: center;
  }
  .head {
    margin-bottom: 12px;
  }
  .back {
    margin-bottom: 10px;
  }
  .subject:focus {
    outline: none;
  }
  .subject {
    margin: 0 0 6px;
    font-size: 1.25em;
    line-height: 1.3;
    overflow-wrap: anywhere;
  }
  .meta {
    gap: 4px 10px;
    margin: 0;
  }
  .fields {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(11em, 1fr));
    gap: 8px 16px;
    margin: 0 0 14px;
    padding: 10px 12px;
    border: 1px solid var(--t-border);
    border-radius: var(--t-radius);
  }
  .fields dt {
    color: var(--t-muted);
    font-size: 0.85em;
  }
  .fields dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  .messages {
    display: grid;
    gap: 10px;
    margin: 0 0 14px;
    padding: 0;
    list-style: none;
  }
  .message {
    min-width: 0;
    padding: 10px 12px;
    border-radius: var(--t-radius);
    background: var(--t-subtle);
  }
  .message--agent {
    background: color-mix(in srgb, var(--t-accent) 10%, var(--t-surface));
    box-shadow: inset 3px 0 var(--t-accent);
  }
  .message--system {
    background: transparent;
    box-shadow: inset 0 0 0 1px var(--t-border);
  }
  .by {
    display: flex;
    flex-wrap: wrap;
    gap: 2px 8px;
    margin: 0 0 4px;
    font-size: 0.9em;
  }
  .author {
    overflow-wrap: anywhere;
  }
  .banner {
    margin: 0 0 12px;
    border: 1px solid currentColor;
    border-radius: var(--t-radius);
  }
  .note {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px;
    margin: 0 0 14px;
    padding: 10px 12px;
    border-radius: var(--t-radius);
    background: var(--t-subtle);
  }
  .note--resolved {
    box-shadow: inset 3px 0 var(--plaza-color-success, var(--_plaza-color-success));
  }
  .rating {
    margin: 0 0 14px;
    padding: 12px;
    border: 1px solid var(--t-border);
    border-radius: var(--t-radius);
  }
  .rating h3 {
    margin: 0 0 8px;
    font-size: 1em;
  }
  .rating p {
    margin: 0 0 8px;
  }
  .rating-comment {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .stars {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
    margin: 0 0 10px;
    padding: 0;
    border: 0;
  }
  .stars legend {
    margin-bottom: 6px;
    padding: 0;
    font-weight: 600;
  }
  .star {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    padding: 4px 8px;
    border: 1px solid var(--t-border);
    border-radius: var(--t-radius);
    cursor: pointer;
  }
  .star:has(input:checked) {
    border-color: var(--t-accent);
    background: color-mix(in srgb, var(--t-accent) 12%, var(--t-surface));
  }
  .reply {
    display: grid;
    gap: 6px;
    margin: 0 0 14px;
  }
  .reply textarea {
    width: 100%;
    resize: vertical;
  }
  .reply-bar,
  .actions,
  .confirm {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px;
  }
  .reply-bar .hint {
    flex: 1;
    font-size: 0.85em;
  }
  .actions {
    justify-content: flex-end;
  }
  .confirm p {
    flex-basis: 100%;
    margin: 0;
  }
  .btn--danger {
    border-color: var(--t-danger);
    background: var(--t-danger);
    color: var(--t-on-accent);
  }
  .btn:disabled {
    opacity: 0.55;
    cursor: default;
  }
  .small {
    padding: 0 6px;
  }
`;
