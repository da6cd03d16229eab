import { define } from '../../base/define.js';
import { PlazaChannelList } from './channel-list.component.js';

export { PlazaChannelList };

define('plaza-channel-list', PlazaChannelList);

declare global {
  interface HTMLElementTagNameMap {
    'plaza-channel-list': PlazaChannelList;
  }
}
