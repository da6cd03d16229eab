import { css } from 'lit';

export const providerStyles = css`
  :host {
    /* A provider wraps page content; it should not add a box of its own to the layout. */
    display: contents;
  }
`;
