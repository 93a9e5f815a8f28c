import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { z } from 'zod';

/**
 * Contact values are stored normalised so that "030 1234567", "+49 (30) 123 45 67" and
 * "0049301234567" all find the same customer: phones as E.164, e-mail addresses trimmed and
 * lower-cased. Lookups normalise their input the same way, so matching is a plain equality.
 */
export type Normalised = { ok: true; value: string } | { ok: false; reason: string };

/** `country` (ISO 3166 alpha-2) applies to numbers written without a country code. */
export function normalisePhone(raw: string, country?: string): Normalised {
  const text = raw.trim();
  if (text === '') return { ok: false, reason: 'the phone number is empty' };
  if (country !== undefined && !isSupportedCountry(country)) {
    return { ok: false, reason: `"${country}" is not a country code the phone number library knows` };
  }
  const parsed = parsePhoneNumberFromString(text, country as CountryCode | undefined);
  if (!parsed) {
    const international = text.startsWith('+') || text.startsWith('00');
    return {
      ok: false,
      reason:
        international || country
          ? `"${text}" is not a phone number`
          : `"${text}" has no country code (+49...) and no default country is set`,
    };
  }
  if (!parsed.isValid())
    return { ok: false, reason: `"${text}" is not a valid phone number for ${parsed.country ?? `+${parsed.countryCallingCode}`}` };
  return { ok: true, value: parsed.number };
}

const Email = z.email();

export function normaliseEmail(raw: string): Normalised {
  const value = raw.trim().toLowerCase();
  if (value === '') return { ok: false, reason: 'the e-mail address is empty' };
  if (!Email.safeParse(value).success) return { ok: false, reason: `"${raw.trim()}" is not an e-mail address` };
  return { ok: true, value };
}
