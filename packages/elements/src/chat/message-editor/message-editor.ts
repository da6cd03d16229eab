import { define } from '../../base/define.js';
import { PlazaMessageEditor } from './message-editor.component.js';

export { PlazaMessageEditor };

define('plaza-message-editor', PlazaMessageEditor);

declare global {
  interface HTMLElementTagNameMap {
    'plaza-message-editor': PlazaMessageEditor;
  }
}
