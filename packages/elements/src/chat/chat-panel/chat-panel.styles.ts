import { css } from 'lit';

export const chatPanelStyles = css`
  :host {
    display: block;
    height: var(--plaza-chat-panel-height, 600px);
    min-width: 280px;
    overflow: hidden;
    border: 1px solid var(--c-border);
    border-radius: calc(var(--c-radius) + 2px);
    background: var(--c-surface);
    line-height: 1.4;
    container-type: inline-size;
  }

  .panel {
    position: relative;
    display: grid;
    grid-template-columns: var(--plaza-chat-sidebar-width, 240px) minmax(0, 1fr) auto;
    height: 100%;
  }

  :host([no-sidebar]) .panel {
    grid-template-columns: minmax(0, 1fr) auto;
  }

  .sidebar {
    display: flex;
    flex-direction: column;
    min-height: 0;
    border-right: 1px solid var(--c-border);
    background: var(--c-subtle);
  }

  plaza-channel-list {
    flex: 1;
  }

  .main {
    position: relative;
    display: flex;
    flex-direction: column;
    min-width: 0;
    min-height: 0;
  }

  .header {
    display: flex;
    flex: none;
    align-items: center;
    gap: 8px;
    height: 48px;
    padding: 0 10px 0 16px;
    border-bottom: 1px solid var(--c-border);
  }

  .title {
    display: flex;
    align-items: center;
    gap: 6px;
    min-width: 0;
    margin: 0;
    font-size: 1.07em;
    font-weight: 700;
    white-space: nowrap;
  }

  .title span {
    overflow: hidden;
    text-overflow: ellipsis;
  }

  .title .icon {
    width: 16px;
    height: 16px;
    color: var(--c-muted);
  }

  .topic {
    flex: 1;
    min-width: 0;
    overflow: hidden;
    font-size: 0.86em;
    text-overflow: ellipsis;
    white-space: nowrap;
  }

  .pins-button[aria-pressed='true'] {
    background: var(--c-subtle);
    color: var(--c-accent);
  }

  .toggle {
    display: none;
    margin-left: -6px;
  }

  plaza-message-list {
    flex: 1;
  }

  .banner {
    display: flex;
    flex: none;
    align-items: center;
    gap: 10px;
    padding: 6px 16px;
    font-size: 0.9em;
  }

  .banner--offline {
    background: color-mix(in srgb, var(--c-warning) 16%, transparent);
  }

  .banner--urgent,
  .banner--error {
    background: color-mix(in srgb, var(--c-danger) 14%, transparent);
  }

  .urgent-text {
    flex: 1;
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }

  .placeholder {
    display: grid;
    flex: 1;
    place-content: center;
    justify-items: center;
    padding: 24px;
    text-align: center;
  }

  .read-only {
    margin: 0;
    padding: 12px 16px 16px;
    text-align: center;
  }

  .aside {
    width: var(--plaza-chat-aside-width, 360px);
    min-height: 0;
    border-left: 1px solid var(--c-border);
  }

  .scrim {
    display: none;
  }

  .loading {
    margin: 0;
    padding: 16px 20px;
  }

  /* Narrow hosts (a side column, a phone): the channel list folds behind a button and the
     thread covers the messages. */
  @container (max-width: 900px) {
    .aside {
      position: absolute;
      top: 0;
      right: 0;
      bottom: 0;
      z-index: 4;
      max-width: 100%;
      box-shadow: -4px 0 16px rgb(0 0 0 / 0.12);
    }
  }

  @container (max-width: 600px) {
    .panel,
    :host([no-sidebar]) .panel {
      grid-template-columns: minmax(0, 1fr);
    }

    .toggle {
      display: inline-grid;
    }

    .sidebar {
      position: absolute;
      top: 0;
      bottom: 0;
      left: 0;
      z-index: 6;
      width: min(300px, 85%);
      visibility: hidden;
      transform: translateX(-100%);
      transition: transform 0.18s ease, visibility 0.18s;
      box-shadow: 4px 0 16px rgb(0 0 0 / 0.16);
    }

    .sidebar-open .sidebar {
      visibility: visible;
      transform: none;
    }

    .sidebar-open .scrim {
      position: absolute;
      inset: 0;
      z-index: 5;
      display: block;
      background: rgb(0 0 0 / 0.3);
    }

    .aside {
      left: 0;
      width: auto;
    }

    .header {
      padding-left: 10px;
    }

    .topic {
      display: none;
    }
  }

  @media (prefers-reduced-motion: reduce) {
    .sidebar {
      transition: none;
    }
  }
`;
