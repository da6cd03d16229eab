import { define } from '../../base/define.js';
import { PlazaUploadList } from './upload-list.component.js';

export { PlazaUploadList };

define('plaza-upload-list', PlazaUploadList);

declare global {
  interface HTMLElementTagNameMap {
    'plaza-upload-list': PlazaUploadList;
  }
}
