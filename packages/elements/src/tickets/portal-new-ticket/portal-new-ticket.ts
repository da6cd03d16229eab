import { define } from '../../base/define.js';
import { PlazaPortalNewTicket } from './portal-new-ticket.component.js';

export { PlazaPortalNewTicket };

define('plaza-portal-new-ticket', PlazaPortalNewTicket);

declare global {
  interface HTMLElementTagNameMap {
    'plaza-portal-new-ticket': PlazaPortalNewTicket;
  }
}
