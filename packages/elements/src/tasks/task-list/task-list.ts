import { define } from '../../base/define.js';
import { PlazaTaskList } from './task-list.component.js';

export { PlazaTaskList };

define('plaza-task-list', PlazaTaskList);

declare global {
  interface HTMLElementTagNameMap {
    'plaza-task-list': PlazaTaskList;
  }
}
