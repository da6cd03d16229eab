/**
 * The public theming tokens: each `--plaza-<name>` custom property a page may set (on the
 * element, or on any ancestor, since custom properties inherit), with its light and dark
 * default. Component styles read `var(--plaza-<name>, var(--_plaza-<name>))`: the page's
 * value if it set one, else the built-in default for the element's theme.
 */
export const TOKENS = {
  'font-family': [
    'system-ui, -apple-system, "Segoe UI", Roboto, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif',
    null,
  ],
  'font-size': ['14px', null],
  'radius': ['6px', null],
  'color-text': ['#1f2328', '#e6edf3'],
  'color-text-muted': ['#59636e', '#9198a1'],
  'color-surface': ['#ffffff', '#151b23'],
  'color-surface-subtle': ['#f6f8fa', '#212830'],
  'color-border': ['#d1d9e0', '#3d444d'],
  'color-accent': ['#0b63c5', '#4493f8'],
  'color-on-accent': ['#ffffff', '#0d1117'],
  'color-success': ['#1a7f37', '#3fb950'],
  'color-warning': ['#9a6700', '#d29922'],
  'color-danger': ['#cf222e', '#f85149'],
  'color-neutral': ['#818b98', '#656c76'],
  'focus-ring': ['2px solid #0b63c5', '2px solid #4493f8'],
} as const satisfies Record<string, readonly [string, string | null]>;

export type TokenName = keyof typeof TOKENS;
