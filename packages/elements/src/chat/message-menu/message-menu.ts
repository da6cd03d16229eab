import { define } from '../../base/define.js';
// "Edit" is only reached through the menu: the editor comes in the same chunk.
import '../message-editor/message-editor.js';
import { PlazaMessageMenu } from './message-menu.component.js';

export { PlazaMessageMenu };

define('plaza-message-menu', PlazaMessageMenu);

declare global {
  interface HTMLElementTagNameMap {
    'plaza-message-menu': PlazaMessageMenu;
  }
}
