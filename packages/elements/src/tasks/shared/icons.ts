/** Small stroke icons (24×24, currentColor), always decorative: controls carry their own labels. */
import { svg, type SVGTemplateResult } from 'lit';

const icon = (paths: SVGTemplateResult) =>
  svg`<svg class="icon" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${paths}</svg>`;

export const bellIcon = icon(svg`<path d="M6 16V11a6 6 0 0 1 12 0v5l2 2H4zM10 21h4"/>`);
export const commentIcon = icon(svg`<path d="M4 5h16v11H9l-5 4z"/>`);
export const closeIcon = icon(svg`<path d="M6 6l12 12M18 6L6 18"/>`);
