import { define } from '../../base/define.js';
import { PlazaConnectionStatus } from './connection-status.component.js';

export { PlazaConnectionStatus };

define('plaza-connection-status', PlazaConnectionStatus);

declare global {
  interface HTMLElementTagNameMap {
    'plaza-connection-status': PlazaConnectionStatus;
  }
}
