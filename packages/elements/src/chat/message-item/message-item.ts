import { define } from '../../base/define.js';
import { PlazaMessageItem } from './message-item.component.js';

export { PlazaMessageItem };

define('plaza-message-item', PlazaMessageItem);

declare global {
  interface HTMLElementTagNameMap {
    'plaza-message-item': PlazaMessageItem;
  }
}
