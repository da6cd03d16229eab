import { define } from '../../base/define.js';
import { PlazaTaskBoard } from './task-board.component.js';

export { PlazaTaskBoard };

define('plaza-task-board', PlazaTaskBoard);

declare global {
  interface HTMLElementTagNameMap {
    'plaza-task-board': PlazaTaskBoard;
  }
}
