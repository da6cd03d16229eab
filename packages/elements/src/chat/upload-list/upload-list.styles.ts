import { css } from 'lit';

export const uploadListStyles = css`
  ul {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
    margin: 0 0 6px;
    padding: 0;
    list-style: none;
  }

  li {
    display: flex;
    align-items: center;
    gap: 6px;
    max-width: 100%;
    padding: 2px 2px 2px 10px;
    border: 1px solid var(--c-border);
    border-radius: var(--c-radius);
    background: var(--c-subtle);
    font-size: 0.86em;
  }

  .failed {
    color: var(--c-danger);
  }

  .name {
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }

  progress {
    width: 72px;
    accent-color: var(--c-accent);
  }

  .icon-button {
    min-width: 26px;
    height: 26px;
  }
`;
