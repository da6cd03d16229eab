import { define } from '../../base/define.js';
import { PlazaTaskNotifications } from './task-notifications.component.js';

export { PlazaTaskNotifications };

define('plaza-task-notifications', PlazaTaskNotifications);

declare global {
  interface HTMLElementTagNameMap {
    'plaza-task-notifications': PlazaTaskNotifications;
  }
}
