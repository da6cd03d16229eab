import { define } from '../../base/define.js';
import { PlazaTicketInbox } from './ticket-inbox.component.js';

export { PlazaTicketInbox };

define('plaza-ticket-inbox', PlazaTicketInbox);

declare global {
  interface HTMLElementTagNameMap {
    'plaza-ticket-inbox': PlazaTicketInbox;
  }
}
