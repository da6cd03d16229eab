/**
 * `@plaza/sdk/knowledge`: registers `client.knowledge` (search, read and suggest knowledge
 * articles; writers also create, edit, publish and delete). Part of `@plaza/sdk`.
 */
import { registerCapability } from '../capabilities.js';
import { PlazaKnowledge } from './knowledge-client.js';

registerCapability('knowledge', ({ connection }) => new PlazaKnowledge(connection));
