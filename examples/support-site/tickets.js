// My tickets: the signed-in customer's tickets. Everything Plaza needs from the site is a
// token for its signed-in customer (`kind: customer`); in a real site the site's backend
// signs it, here the Plaza server's demo endpoint does for the demo customer Frank.
import { t } from './site.js';

const DEMO_CUSTOMER = 'frank';
const provider = document.getElementById('plaza');
const banner = document.getElementById('banner');

provider.tokenProvider = async () => {
  const response = await fetch(`/demo/token?user=${encodeURIComponent(DEMO_CUSTOMER)}`, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`demo token: HTTP ${response.status}`);
  return (await response.json()).token;
};

provider.addEventListener('plaza-status-change', (event) => {
  if (event.detail.status === 'online') {
    banner.hidden = true;
    const name = provider.client?.session?.user.name;
    if (name) document.getElementById('who').textContent = name;
  }
});

provider.addEventListener('plaza-error', (event) => {
  const { code, message } = event.detail.error;
  banner.textContent = code === 'unavailable' ? t('errorUnavailable') : `${t('errorOther')}: ${message}`;
  banner.hidden = false;
});
