import { define } from '../../base/define.js';
import { PlazaPortalTicket } from './portal-ticket.component.js';

export { PlazaPortalTicket };

define('plaza-portal-ticket', PlazaPortalTicket);

declare global {
  interface HTMLElementTagNameMap {
    'plaza-portal-ticket': PlazaPortalTicket;
  }
}
