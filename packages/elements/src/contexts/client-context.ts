import { createContext } from '@lit/context';
import type { PlazaClient } from '@plaza/sdk';

/**
 * The Plaza client that `<plaza-provider>` hands to its descendants.
 *
 * The key is `Symbol.for('plaza-client')`, not a plain `Symbol()`, so elements from a second
 * copy of the bundle still find a provider defined by the first.
 */
export const clientContext = createContext<PlazaClient | undefined>(Symbol.for('plaza-client'));

export type ClientContext = typeof clientContext;
