import {
  type CountryCode,
  isSupportedCountry,
  parsePhoneNumberFromString,
} from 'libphonenumber-js/max';

/**
 * The country of each time zone a tenant is likely to use, for reading phone numbers
 * typed without a country code (`8 912 345-67-89` in Moscow is Russian). A zone not
 * listed gives no default: numbers must then carry their country code, unless the
 * tenant's `phoneRegion` setting names a country. Zones shared by several countries
 * (UTC, Etc/*) are deliberately absent.
 */
const COUNTRY_OF_ZONE: Readonly<Record<string, CountryCode>> = {
  // Russia, west to east.
  'Europe/Kaliningrad': 'RU',
  'Europe/Moscow': 'RU',
  'Europe/Simferopol': 'RU',
  'Europe/Kirov': 'RU',
  'Europe/Volgograd': 'RU',
  'Europe/Astrakhan': 'RU',
  'Europe/Saratov': 'RU',
  'Europe/Ulyanovsk': 'RU',
  'Europe/Samara': 'RU',
  'Asia/Yekaterinburg': 'RU',
  'Asia/Omsk': 'RU',
  'Asia/Novosibirsk': 'RU',
  'Asia/Barnaul': 'RU',
  'Asia/Tomsk': 'RU',
  'Asia/Novokuznetsk': 'RU',
  'Asia/Krasnoyarsk': 'RU',
  'Asia/Irkutsk': 'RU',
  'Asia/Chita': 'RU',
  'Asia/Yakutsk': 'RU',
  'Asia/Khandyga': 'RU',
  'Asia/Vladivostok': 'RU',
  'Asia/Ust-Nera': 'RU',
  'Asia/Magadan': 'RU',
  'Asia/Sakhalin': 'RU',
  'Asia/Srednekolymsk': 'RU',
  'Asia/Kamchatka': 'RU',
  'Asia/Anadyr': 'RU',
  // Neighbours where Russian-speaking businesses are common.
  'Europe/Minsk': 'BY',
  'Europe/Kyiv': 'UA',
  'Europe/Kiev': 'UA',
  'Europe/Chisinau': 'MD',
  'Europe/Riga': 'LV',
  'Europe/Vilnius': 'LT',
  'Europe/Tallinn': 'EE',
  'Asia/Almaty': 'KZ',
  'Asia/Qostanay': 'KZ',
  'Asia/Aqtobe': 'KZ',
  'Asia/Aqtau': 'KZ',
  'Asia/Atyrau': 'KZ',
  'Asia/Oral': 'KZ',
  'Asia/Qyzylorda': 'KZ',
  'Asia/Tashkent': 'UZ',
  'Asia/Samarkand': 'UZ',
  'Asia/Bishkek': 'KG',
  'Asia/Dushanbe': 'TJ',
  'Asia/Ashgabat': 'TM',
  'Asia/Tbilisi': 'GE',
  'Asia/Yerevan': 'AM',
  'Asia/Baku': 'AZ',
  // Spain and the Spanish-speaking Americas.
  'Europe/Madrid': 'ES',
  'Atlantic/Canary': 'ES',
  'Africa/Ceuta': 'ES',
  'America/Mexico_City': 'MX',
  'America/Cancun': 'MX',
  'America/Monterrey': 'MX',
  'America/Merida': 'MX',
  'America/Chihuahua': 'MX',
  'America/Mazatlan': 'MX',
  'America/Tijuana': 'MX',
  'America/Hermosillo': 'MX',
  'America/Guatemala': 'GT',
  'America/El_Salvador': 'SV',
  'America/Tegucigalpa': 'HN',
  'America/Managua': 'NI',
  'America/Costa_Rica': 'CR',
  'America/Panama': 'PA',
  'America/Havana': 'CU',
  'America/Santo_Domingo': 'DO',
  'America/Puerto_Rico': 'PR',
  'America/Bogota': 'CO',
  'America/Caracas': 'VE',
  'America/Guayaquil': 'EC',
  'America/Lima': 'PE',
  'America/La_Paz': 'BO',
  'America/Santiago': 'CL',
  'America/Asuncion': 'PY',
  'America/Montevideo': 'UY',
  'America/Buenos_Aires': 'AR',
  'America/Sao_Paulo': 'BR',
  // North America and a few European capitals.
  'America/New_York': 'US',
  'America/Chicago': 'US',
  'America/Denver': 'US',
  'America/Phoenix': 'US',
  'America/Los_Angeles': 'US',
  'America/Anchorage': 'US',
  'Pacific/Honolulu': 'US',
  'America/Toronto': 'CA',
  'America/Vancouver': 'CA',
  'Europe/London': 'GB',
  'Europe/Dublin': 'IE',
  'Europe/Lisbon': 'PT',
  'Europe/Paris': 'FR',
  'Europe/Berlin': 'DE',
  'Europe/Rome': 'IT',
  'Europe/Warsaw': 'PL',
  'Europe/Prague': 'CZ',
  'Europe/Belgrade': 'RS',
  'Europe/Istanbul': 'TR',
  'Asia/Jerusalem': 'IL',
  'Asia/Dubai': 'AE',
};

/** A phone that long is not one a person typed; parsing it would only cost time. */
const MAX_PHONE_INPUT = 64;

/**
 * The country whose numbering plan reads a phone typed without a country code, for a
 * tenant: its `phoneRegion` setting when set, otherwise the country of its time zone
 * (Europe/Moscow is RU, Europe/Madrid ES, America/Argentina/* AR), otherwise none.
 *
 * @returns an ISO 3166-1 alpha-2 code, or `undefined` when only international numbers
 *   (with `+` and a country code) can be read.
 */
export function phoneRegionOf(settings: {
  timeZone: string;
  phoneRegion?: string;
}): string | undefined {
  if (settings.phoneRegion && isSupportedCountry(settings.phoneRegion)) {
    return settings.phoneRegion;
  }
  if (settings.timeZone.startsWith('America/Argentina/')) {
    return 'AR';
  }
  return COUNTRY_OF_ZONE[settings.timeZone];
}

/**
 * Reads a phone number as a person typed or shared it (`8 912 345-67-89`,
 * `+7 (912) 345 67 89`, `79123456789`), with `defaultRegion` (ISO 3166-1 alpha-2)
 * deciding the country of a number written without one.
 *
 * Never throws, whatever the input: anything that is not a valid number of a known
 * country (letters, too short or too long, an extension, an unknown `defaultRegion`)
 * gives `undefined`.
 *
 * @returns the number in E.164 (`+79123456789`), or `undefined` when it is not one.
 */
export function parsePhone(input: unknown, defaultRegion?: string): string | undefined {
  if (typeof input !== 'string' || input.length > MAX_PHONE_INPUT) {
    return undefined;
  }
  try {
    const region =
      defaultRegion !== undefined && isSupportedCountry(defaultRegion) ? defaultRegion : undefined;
    // `extract: false`: the whole input must be the number, not a sentence around one.
    const parsed = parsePhoneNumberFromString(input, { defaultCountry: region, extract: false });
    // An extension reaches a desk, not the customer: E.164 cannot hold it either.
    if (!parsed?.isValid() || parsed.ext !== undefined) {
      return undefined;
    }
    return parsed.number;
  } catch {
    // The library throws on some malformed input; to a caller that is "not a phone".
    return undefined;
  }
}

/**
 * A stored phone as people read it, in international format: `+7 912 345 67 89`. A
 * phone stored before numbers were normalised (`8 912 345-67-89`) is read with
 * `defaultRegion` first; one that still is not a number is shown as stored.
 */
export function formatPhone(phone: string, defaultRegion?: string): string {
  const e164 = parsePhone(phone, defaultRegion);
  if (e164 === undefined) {
    return phone;
  }
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? phone;
}
