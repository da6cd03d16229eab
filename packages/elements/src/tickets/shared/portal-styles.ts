import { css } from 'lit';

/**
 * Shared by the customer portal and its on-demand parts (conversation, article): the status
 * badges, the Markdown body, form fields with their errors, the upload list, and the
 * visually hidden live region. Builds on `taskBaseStyles` (its `--t-*` names).
 */
export const portalSharedStyles = css`
  .badge {
    display: inline-block;
    padding: 1px 8px;
    border-radius: 999px;
    font-size: 0.82em;
    font-weight: 600;
    white-space: nowrap;
    background: var(--t-subtle);
    color: var(--t-text);
    box-shadow: inset 0 0 0 1px var(--t-border);
  }
  .badge--open {
    box-shadow: inset 0 0 0 1px var(--t-accent);
    color: var(--t-accent);
  }
  .badge--pending_customer {
    background: var(--t-warning);
    color: var(--t-on-accent);
    box-shadow: none;
  }
  .badge--resolved {
    box-shadow: inset 0 0 0 1px var(--plaza-color-success, var(--_plaza-color-success));
    color: var(--plaza-color-success, var(--_plaza-color-success));
  }
  .badge--closed {
    color: var(--t-muted);
  }
  .md {
    overflow-wrap: anywhere;
    line-height: 1.5;
  }
  .md > :first-child {
    margin-top: 0;
  }
  .md > :last-child {
    margin-bottom: 0;
  }
  .md pre {
    overflow: auto;
    padding: 8px;
    border-radius: var(--t-radius);
    background: var(--t-subtle);
  }
  .md blockquote {
    margin: 0;
    padding-left: 10px;
    border-left: 3px solid var(--t-border);
    color: var(--t-muted);
  }
  .md a,
  a {
    color: var(--t-accent);
  }
  .field {
    display: grid;
    gap: 4px;
    margin: 0 0 14px;
  }
  .field > label,
  .label {
    font-weight: 600;
  }
  .field textarea {
    resize: vertical;
  }
  .error {
    margin: 0;
    color: var(--t-danger);
    font-size: 0.9em;
  }
  [aria-invalid='true'] {
    border-color: var(--t-danger) !important;
  }
  .files {
    display: grid;
    gap: 4px;
    margin: 6px 0 0;
    padding: 0;
    list-style: none;
  }
  .files li {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px;
    min-width: 0;
    overflow-wrap: anywhere;
  }
  .files progress {
    flex: 1 1 6em;
    max-width: 12em;
  }
  .icon {
    width: 15px;
    height: 15px;
    vertical-align: -2px;
  }
  .btn .icon,
  .file-name .icon {
    margin-inline-end: 4px;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
