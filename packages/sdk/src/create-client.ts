import { PlazaSocketClient } from './client.js';
import type { PlazaClient } from './client.js';
import { resolveOptions } from './options.js';
import type { ClientOptions } from './options.js';

/**
 * Creates a Plaza client. Nothing connects until `connect()`.
 *
 * Throws `PlazaError('bad_request')` for invalid options (the message names the option).
 *
 * @example
 * import { createClient } from '@plaza/sdk';
 *
 * const client = createClient({
 *   url: 'https://plaza.example.com',
 *   token: () => fetch('/plaza-token').then((r) => r.text()),
 * });
 * client.on('status', (status) => console.log(status)); // 'connecting', then 'online'
 * await client.connect();
 */
export function createClient(options: ClientOptions): PlazaClient {
  return new PlazaSocketClient(resolveOptions(options));
}
