import { describe, expect, it } from 'vitest';
import { createI18n, html, htmlToPlain, localeFromLanguageCode } from './i18n.js';

const i18n = createI18n({
  en: { hello: 'Hello, {name}!', only_en: 'English only', bold: '<b>{what}</b>' },
  ru: { hello: 'Привет, {name}!' },
  es: { hello: '¡Hola, {name}!' },
});

describe('i18n', () => {
  it('translates, falls back to English, and shows an unknown key rather than crashing', () => {
    expect(i18n.translator('ru')('hello', { name: 'Аня' })).toBe('Привет, Аня!');
    expect(i18n.translator('es')('only_en')).toBe('English only');
    expect(i18n.translator('es')('missing' as 'hello')).toBe('missing');
  });

  it('escapes parameters unless marked as trusted HTML', () => {
    const t = i18n.translator('en');
    expect(t('bold', { what: '<script>' })).toBe('<b>&lt;script&gt;</b>');
    expect(t('bold', { what: html('<i>x</i>') })).toBe('<b><i>x</i></b>');
  });

  it('turns translated HTML back into a plain label', () => {
    const t = i18n.translator('en');
    expect(htmlToPlain(t('bold', { what: 'Cut & <dry>' }))).toBe('Cut & <dry>');
  });

  it("lets the tenant's templates win, escaped", () => {
    const t = i18n.translator('en', new Map([['hello', 'Welcome to <Salon>, {name}']]));
    expect(t('hello', { name: 'Ann' })).toBe('Welcome to &lt;Salon&gt;, Ann');
  });

  it('maps Telegram language codes to supported locales', () => {
    expect(localeFromLanguageCode('es-MX', 'ru')).toBe('es');
    expect(localeFromLanguageCode('en', 'ru')).toBe('en');
    expect(localeFromLanguageCode('de', 'ru')).toBe('ru');
    expect(localeFromLanguageCode(undefined, 'en')).toBe('en');
  });
});
