import { css, unsafeCSS, type CSSResult } from 'lit';
import { TOKENS } from './tokens.js';

function defaults(index: 0 | 1): CSSResult {
  const lines: string[] = [];
  for (const [name, values] of Object.entries(TOKENS)) {
    const value = values[index];
    if (value !== null) lines.push(`--_plaza-${name}: ${value};`);
  }
  // Built only from the constant table above, never from user input.
  return unsafeCSS(lines.join('\n'));
}

/**
 * Shared by every element, before its own styles: the default token sets (light; dark with
 * `theme="dark"`, or with `theme="auto"` when the system prefers dark) and a small reset.
 *
 * `theme="auto"` is opt-in rather than the default: a widget turning dark inside a light
 * portal because the operating system is dark looks broken to the people using that portal.
 */
export const themeStyles = css`
  :host {
    ${defaults(0)}
    box-sizing: border-box;
    font-family: var(--plaza-font-family, var(--_plaza-font-family));
    font-size: var(--plaza-font-size, var(--_plaza-font-size));
    color: var(--plaza-color-text, var(--_plaza-color-text));
  }

  :host([theme='dark']) {
    ${defaults(1)}
    color-scheme: dark;
  }

  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      ${defaults(1)}
      color-scheme: dark;
    }
  }

  :host([hidden]) {
    display: none !important;
  }

  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
`;
