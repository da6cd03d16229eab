/**
 * The script-tag entry, served as `/sdk/plaza.js`. It defines `<plaza-provider>` at once
 * and every other element on demand (see lazy-elements.ts): an element's code, and the SDK
 * capabilities it uses, is a separate chunk loaded when the element first appears in the
 * page, which then upgrades. `import '@plaza/elements'` (index.ts) defines all eagerly.
 */
import './common/provider/provider.js';
import { defineLazily } from './base/lazy-define.js';
import { LAZY_ELEMENTS } from './lazy-elements.js';

defineLazily(LAZY_ELEMENTS);
