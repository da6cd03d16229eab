// The article reader needs `client.knowledge`, which this chunk registers.
import '@plaza/sdk/knowledge';
import { define } from '../../base/define.js';
import { PlazaPortalArticle } from './portal-article.component.js';

export { PlazaPortalArticle };

define('plaza-portal-article', PlazaPortalArticle);

declare global {
  interface HTMLElementTagNameMap {
    'plaza-portal-article': PlazaPortalArticle;
  }
}
