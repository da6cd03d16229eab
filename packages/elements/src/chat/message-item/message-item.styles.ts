import { css } from 'lit';

export const messageItemStyles = css`
  :host {
    display: block;
    position: relative;
    padding: 0 12px;
    outline: none;
  }

  :host(:focus-visible) .row {
    outline: var(--c-focus);
    outline-offset: -2px;
  }

  .row {
    display: flex;
    gap: 10px;
    padding: 6px 8px 4px;
    border-radius: var(--c-radius);
  }

  :host([grouped]) .row {
    padding-top: 1px;
  }

  .row:hover,
  :host(:focus-within) .row {
    background: var(--c-subtle);
  }

  /* A message a followed link points at. */
  :host([highlight]) .row {
    animation: highlight 3s ease-out;
  }

  @keyframes highlight {
    from,
    30% {
      background: color-mix(in srgb, var(--c-warning) 24%, transparent);
    }
  }

  .urgency-important {
    box-shadow: inset 3px 0 var(--c-warning);
  }

  .urgency-urgent {
    box-shadow: inset 3px 0 var(--c-danger);
    background: color-mix(in srgb, var(--c-danger) 8%, transparent);
  }

  .pending .main {
    opacity: 0.6;
  }

  .pending--failed .main {
    opacity: 1;
  }

  .gutter {
    flex: none;
    width: 36px;
  }

  .avatar {
    display: grid;
    place-items: center;
    width: 36px;
    height: 36px;
    margin-top: 2px;
    border-radius: 8px;
    background: var(--c-accent);
    color: var(--c-on-accent);
    font-size: 13px;
    font-weight: 600;
  }

  .hover-time {
    display: block;
    padding-top: 3px;
    color: var(--c-muted);
    font-size: 0.72em;
    text-align: right;
    visibility: hidden;
  }

  .row:hover .hover-time,
  :host(:focus-within) .hover-time {
    visibility: visible;
  }

  .main {
    flex: 1;
    min-width: 0;
  }

  .head {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 2px 8px;
  }

  .author {
    font-weight: 700;
  }

  time {
    color: var(--c-muted);
    font-size: 0.8em;
  }

  .tag {
    padding: 0 6px;
    border: 1px solid currentColor;
    border-radius: 4px;
    color: var(--c-muted);
    font-size: 0.75em;
    font-weight: 600;
  }

  .tag--important {
    color: var(--c-warning);
  }

  .tag--urgent {
    color: var(--c-danger);
  }

  .body {
    line-height: 1.45;
    overflow-wrap: anywhere;
  }

  .body p,
  .body ul,
  .body ol,
  .body pre,
  .body blockquote {
    margin: 0 0 4px;
  }

  .body > :last-child,
  .body > p:last-of-type {
    margin-bottom: 0;
  }

  .body ul,
  .body ol {
    padding-left: 22px;
  }

  .body blockquote {
    padding-left: 10px;
    border-left: 3px solid var(--c-border);
    color: var(--c-muted);
  }

  .body code {
    padding: 1px 4px;
    border-radius: 4px;
    background: var(--c-subtle);
    border: 1px solid var(--c-border);
    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
    font-size: 0.88em;
  }

  .body pre {
    padding: 8px 10px;
    overflow-x: auto;
    border: 1px solid var(--c-border);
    border-radius: var(--c-radius);
    background: var(--c-subtle);
  }

  .body pre code {
    padding: 0;
    border: 0;
    background: none;
  }

  a {
    color: var(--c-accent);
  }

  .mention {
    padding: 0 2px;
    border-radius: 4px;
    background: color-mix(in srgb, var(--c-accent) 14%, transparent);
    color: var(--c-accent);
    font-weight: 600;
  }

  .mention--me {
    background: color-mix(in srgb, var(--c-warning) 24%, transparent);
    color: inherit;
  }

  .gone {
    margin: 0;
    color: var(--c-muted);
    font-style: italic;
  }

  .edited {
    font-size: 0.8em;
  }

  .attachments,
  .reactions {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
    margin-top: 4px;
  }

  .file {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    max-width: 100%;
    padding: 6px 10px;
    border: 1px solid var(--c-border);
    border-radius: var(--c-radius);
    background: var(--c-surface);
  }

  .file-name {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }

  .image img {
    display: block;
    max-width: min(320px, 100%);
    max-height: 220px;
    border-radius: var(--c-radius);
    border: 1px solid var(--c-border);
  }

  .reaction {
    padding: 1px 8px;
    border: 1px solid var(--c-border);
    border-radius: 12px;
    background: var(--c-surface);
    font-size: 0.88em;
  }

  .reaction.mine {
    border-color: var(--c-accent);
    background: color-mix(in srgb, var(--c-accent) 12%, transparent);
  }

  .link-button {
    padding: 0;
    border: 0;
    background: none;
    color: var(--c-accent);
    font-size: 0.86em;
    font-weight: 600;
  }

  .link-button.muted {
    color: var(--c-muted);
    font-weight: 400;
  }

  .replies {
    margin-top: 4px;
  }

  .receipts {
    position: relative;
    text-align: right;
  }

  .status {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px;
    margin: 2px 0 0;
    font-size: 0.86em;
  }

  .error {
    margin: 2px 0 0;
    font-size: 0.86em;
  }

  .actions {
    position: absolute;
    top: -10px;
    right: 20px;
    display: flex;
    padding: 2px;
    border: 1px solid var(--c-border);
    border-radius: var(--c-radius);
    background: var(--c-surface);
    box-shadow: 0 1px 3px rgb(0 0 0 / 0.12);
    opacity: 0;
  }

  :host(:hover) .actions,
  :host(:focus-within) .actions,
  .actions.open {
    opacity: 1;
    z-index: 2;
  }

  .actions .icon-button {
    min-width: 28px;
    height: 28px;
  }

  /* A popup whose element is still loading. */
  plaza-message-menu .loading {
    position: absolute;
    top: calc(100% + 4px);
    right: 0;
    z-index: 3;
    padding: 6px 10px;
    border: 1px solid var(--c-border);
    border-radius: var(--c-radius);
    background: var(--c-surface);
    white-space: nowrap;
  }
`;
