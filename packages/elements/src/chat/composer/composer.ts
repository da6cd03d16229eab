import { define } from '../../base/define.js';
import { PlazaComposer } from './composer.component.js';

export { PlazaComposer };

define('plaza-composer', PlazaComposer);

declare global {
  interface HTMLElementTagNameMap {
    'plaza-composer': PlazaComposer;
  }
}
