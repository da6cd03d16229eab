import { define } from '../../base/define.js';
import { PlazaMessageList } from './message-list.component.js';

export { PlazaMessageList };

define('plaza-message-list', PlazaMessageList);

declare global {
  interface HTMLElementTagNameMap {
    'plaza-message-list': PlazaMessageList;
  }
}
