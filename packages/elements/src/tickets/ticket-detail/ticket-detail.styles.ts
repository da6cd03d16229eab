import { css } from 'lit';

/** Customer messages sit on the subtle surface, agents' replies on the accent's tint, internal notes on the warning's, with a label. */
export const ticketDetailStyles = css`
  :host {
    display: flex;
    flex-direction: column;
    min-height: 0;
    min-width: 0;
  }
  .empty {
    margin: auto;
    padding: 20px;
    text-align: center;
  }
  .head {
    padding: 10px 12px 8px;
    border-bottom: 1px solid var(--t-border);
  }
  .subject {
    margin: 0 0 2px;
    font-size: 1.1em;
    overflow-wrap: anywhere;
  }
  .who {
    margin: 0 0 8px;
    font-size: 0.88em;
    overflow-wrap: anywhere;
  }
  .controls {
    display: flex;
    flex-wrap: wrap;
    gap: 6px 10px;
    align-items: end;
  }
  .control {
    display: grid;
    gap: 2px;
    flex: 1 1 9em;
    font-size: 0.85em;
    color: var(--t-muted);
  }
  .control select {
    color: var(--t-text);
  }
  .facts {
    display: flex;
    flex-wrap: wrap;
    gap: 4px;
    width: 100%;
    margin: 0;
  }
  .sla--breached {
    background: var(--t-danger);
    color: var(--t-on-accent);
  }
  .sla--soon {
    box-shadow: inset 0 0 0 1px var(--t-warning);
    color: var(--t-warning);
    background: transparent;
  }
  .banner {
    margin: 8px -12px -8px;
  }
  .scroll {
    flex: 1;
    min-height: 0;
    overflow: auto;
    padding: 10px 12px;
  }
  .fields {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(10em, 1fr));
    gap: 6px;
    margin: 0 0 10px;
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
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .message {
    max-width: 92%;
    padding: 8px 10px;
    border: 1px solid var(--t-border);
    border-radius: var(--t-radius);
    background: var(--t-subtle);
    overflow-wrap: anywhere;
  }
  .message--agent {
    justify-self: end;
    background: color-mix(in srgb, var(--t-accent) 10%, var(--t-surface));
  }
  .message--system {
    justify-self: center;
    background: none;
    font-size: 0.9em;
  }
  .message--internal {
    justify-self: stretch;
    max-width: none;
    border: 1px dashed var(--t-warning);
    background: color-mix(in srgb, var(--t-warning) 12%, var(--t-surface));
  }
  .by {
    display: flex;
    flex-wrap: wrap;
    gap: 2px 8px;
    align-items: baseline;
    margin: 0 0 4px;
    font-size: 0.88em;
  }
  .internal-tag .icon {
    width: 12px;
    height: 12px;
  }
  .internal-tag {
    display: inline-flex;
    gap: 3px;
    align-items: center;
    padding: 0 6px;
    border-radius: 999px;
    background: var(--t-warning);
    color: var(--t-on-accent);
    font-weight: 600;
    text-transform: uppercase;
    letter-spacing: 0.03em;
  }
  .md p {
    margin: 0 0 6px;
  }
  .md p:last-child {
    margin-bottom: 0;
  }
  .md pre {
    overflow: auto;
  }
  .files {
    margin: 6px 0 0;
    padding: 0;
    list-style: none;
    font-size: 0.9em;
  }
  .files li {
    display: flex;
    gap: 6px;
    align-items: center;
    overflow-wrap: anywhere;
  }
  .files a {
    color: var(--t-accent);
  }
  .composer {
    display: grid;
    gap: 6px;
    padding: 8px 12px 10px;
    border-top: 1px solid var(--t-border);
  }
  .composer[data-internal='true'] {
    background: color-mix(in srgb, var(--t-warning) 12%, var(--t-surface));
  }
  .composer-label {
    font-weight: 600;
    font-size: 0.9em;
  }
  .hint {
    margin: 0;
    font-size: 0.85em;
  }
  textarea {
    width: 100%;
    resize: vertical;
  }
  .composer-bar {
    display: flex;
    flex-wrap: wrap;
    gap: 6px 10px;
    align-items: center;
  }
  .switch {
    display: inline-flex;
    gap: 6px;
    align-items: center;
  }
  .send {
    margin-inline-start: auto;
  }
  .send:disabled {
    opacity: 0.55;
    cursor: default;
  }
  .small {
    padding: 0 6px;
  }

  /* Narrow (the inbox's width): one scrolling column, so the conversation is not squeezed between header and reply box. */
  @container (max-width: 599px) {
    :host {
      display: block;
      overflow: auto;
    }
    .scroll {
      overflow: visible;
    }
  }
`;
