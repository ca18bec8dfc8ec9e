import type { BotLocale, Translate, TrustedHtml } from '@booking/bot-kit';
import { listTextTemplates, type TenantExecutor } from '@booking/core';
import type { Speaker } from '../format.js';
import { i18n, type TextKey } from './index.js';

const CACHE_MS = 60_000;

/**
 * Translators with each tenant's text templates applied. Templates are read from the
 * tenant schema at most once a minute per tenant, so an owner's edit shows up within a
 * minute without a query per message.
 */
export class TenantTexts {
  private readonly cache = new Map<
    string,
    { at: number; byLocale: Map<string, Map<string, string>> }
  >();

  /** The translator of `locale` for the tenant whose executor is `db`. */
  async translator(
    slug: string,
    db: TenantExecutor,
    locale: BotLocale,
  ): Promise<Translate<TextKey>> {
    let entry = this.cache.get(slug);
    if (!entry || Date.now() - entry.at > CACHE_MS) {
      const byLocale = new Map<string, Map<string, string>>();
      for (const template of await listTextTemplates(db)) {
        const texts = byLocale.get(template.locale) ?? new Map<string, string>();
        texts.set(template.key, template.text);
        byLocale.set(template.locale, texts);
      }
      entry = { at: Date.now(), byLocale };
      this.cache.set(slug, entry);
    }
    return i18n.translator(locale, entry.byLocale.get(locale));
  }

  /** Forgets a tenant's templates, so an owner's edit shows at once in this process. */
  forget(slug: string): void {
    this.cache.delete(slug);
  }

  /** A {@link Speaker} for a user of the tenant, for workers that have no context. */
  async speaker(slug: string, db: TenantExecutor, locale: BotLocale): Promise<Speaker> {
    const translate = await this.translator(slug, db, locale);
    return {
      locale,
      t: (key, params) => translate(key, params as Record<string, string | number | TrustedHtml>),
    };
  }
}
