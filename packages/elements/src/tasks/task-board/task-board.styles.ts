import { css } from 'lit';

export const taskBoardStyles = css`
  :host {
    display: block;
    height: 100%;
  }
  .board {
    display: grid;
    grid-auto-columns: minmax(220px, 1fr);
    grid-auto-flow: column;
    gap: 8px;
    height: 100%;
    padding: 8px;
    overflow-x: auto;
  }
  .column {
    display: flex;
    flex-direction: column;
    min-height: 0;
    border-radius: var(--t-radius);
    background: var(--t-subtle);
  }
  .column-head {
    margin: 0;
    padding: 8px 10px;
    font-size: 0.9em;
  }
  .cards {
    position: relative;
    display: flex;
    flex: 1;
    flex-direction: column;
    gap: 6px;
    min-height: 48px;
    padding: 0 6px 8px;
    overflow-y: auto;
  }
  /* Stand-ins for the cards outside the window; their gap to the cards is counted in their height. */
  .spacer {
    flex: none;
    overflow-anchor: none;
  }
  .spacer:first-child {
    margin-bottom: -6px;
  }
  .spacer:last-child {
    margin-top: -6px;
  }
  .card {
    display: flex;
    flex-direction: column;
    gap: 4px;
    padding: 8px 10px;
    border: 1px solid var(--t-border);
    border-radius: var(--t-radius);
    background: var(--t-surface);
    cursor: grab;
    user-select: none;
    overflow-wrap: anywhere;
  }
  .grabbed {
    outline: 2px dashed var(--t-accent);
    box-shadow: 0 4px 14px rgb(0 0 0 / 0.2);
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  @container (max-width: 520px) {
    .board {
      grid-auto-columns: 85%;
      scroll-snap-type: x mandatory;
    }
    .column {
      scroll-snap-align: start;
    }
  }
`;
