import { PlazaTicketForm } from './ticket-form.component.js';

export { PlazaTicketForm };

// Guarded like every Plaza element (a second copy of the bundle must not throw), but not
// through `define`, whose context root the form has no use for: it would weigh on the
// standalone bundle.
if (!customElements.get('plaza-ticket-form')) customElements.define('plaza-ticket-form', PlazaTicketForm);

declare global {
  interface HTMLElementTagNameMap {
    'plaza-ticket-form': PlazaTicketForm;
  }
}
