import { define } from '../../base/define.js';
import { PlazaProvider } from './provider.component.js';

export { PlazaProvider };

define('plaza-provider', PlazaProvider);

declare global {
  interface HTMLElementTagNameMap {
    'plaza-provider': PlazaProvider;
  }
}
