/** Small stroke icons (24×24, currentColor), always decorative: controls carry their own labels. */
import { svg, type SVGTemplateResult } from 'lit';

const icon = (paths: SVGTemplateResult) =>
  svg`<svg class="icon" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${paths}</svg>`;

export const sendIcon = icon(svg`<path d="M4 12l16-8-6 16-2-7z"/>`);
export const attachIcon = icon(svg`<path d="M20 11l-8 8a5 5 0 0 1-7-7l8-8a3.5 3.5 0 0 1 5 5l-8 8a2 2 0 0 1-3-3l7-7"/>`);
export const moreIcon = icon(svg`<path d="M5 12h.01M12 12h.01M19 12h.01"/>`);
export const replyIcon = icon(svg`<path d="M4 5h16v11H9l-5 4z"/>`);
export const smileIcon = icon(svg`<circle cx="12" cy="12" r="9"/><path d="M8.5 14a4 4 0 0 0 7 0M9 9.5h.01M15 9.5h.01"/>`);
export const pinIcon = icon(svg`<path d="M9 4h6l-1 6 3 3H7l3-3zM12 13v7"/>`);
export const closeIcon = icon(svg`<path d="M6 6l12 12M18 6L6 18"/>`);
export const menuIcon = icon(svg`<path d="M4 6h16M4 12h16M4 18h16"/>`);
export const fileIcon = icon(svg`<path d="M6 3h8l4 4v14H6z"/><path d="M14 3v4h4"/>`);
export const downIcon = icon(svg`<path d="M12 5v14M6 13l6 6 6-6"/>`);
export const hashIcon = icon(svg`<path d="M9 4L7 20M17 4l-2 16M4 9h16M3 15h16"/>`);
export const megaphoneIcon = icon(svg`<path d="M4 10v4h3l8 4V6l-8 4zM18 9a4 4 0 0 1 0 6"/>`);
