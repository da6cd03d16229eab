import { define } from '../../base/define.js';
import { PlazaCustomerPortal } from './customer-portal.component.js';

export { PlazaCustomerPortal };

define('plaza-customer-portal', PlazaCustomerPortal);

declare global {
  interface HTMLElementTagNameMap {
    'plaza-customer-portal': PlazaCustomerPortal;
  }
}
