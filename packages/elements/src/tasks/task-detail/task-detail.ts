import { define } from '../../base/define.js';
import { PlazaTaskDetail } from './task-detail.component.js';

export { PlazaTaskDetail };

define('plaza-task-detail', PlazaTaskDetail);

declare global {
  interface HTMLElementTagNameMap {
    'plaza-task-detail': PlazaTaskDetail;
  }
}
