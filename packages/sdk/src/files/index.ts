/** `@plaza/sdk/files`: registers `client.files` (uploads, file metadata). Part of `@plaza/sdk`. */
import { registerCapability } from '../capabilities.js';
import { PlazaFiles } from './files-client.js';

registerCapability('files', ({ connection }) => new PlazaFiles(connection));
