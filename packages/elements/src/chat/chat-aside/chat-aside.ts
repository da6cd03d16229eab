import { define } from '../../base/define.js';
import { PlazaChatAside } from './chat-aside.component.js';

export { PlazaChatAside };

define('plaza-chat-aside', PlazaChatAside);

declare global {
  interface HTMLElementTagNameMap {
    'plaza-chat-aside': PlazaChatAside;
  }
}
