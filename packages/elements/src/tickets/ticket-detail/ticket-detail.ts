import { define } from '../../base/define.js';
import { PlazaTicketDetail } from './ticket-detail.component.js';

export { PlazaTicketDetail };

define('plaza-ticket-detail', PlazaTicketDetail);

declare global {
  interface HTMLElementTagNameMap {
    'plaza-ticket-detail': PlazaTicketDetail;
  }
}
