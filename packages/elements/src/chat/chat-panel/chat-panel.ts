import { define } from '../../base/define.js';
import { PlazaChatPanel } from './chat-panel.component.js';

export { PlazaChatPanel };

define('plaza-chat-panel', PlazaChatPanel);

declare global {
  interface HTMLElementTagNameMap {
    'plaza-chat-panel': PlazaChatPanel;
  }
}
