import { describe, expect, it } from 'vitest';
import { normaliseEmail, normalisePhone } from './normalize.ts';

describe('phone numbers', () => {
  it.each([
    ['+49 30 1234567', undefined, '+49301234567'],
    ['+49 (30) 123 45 67', undefined, '+49301234567'],
    ['030 1234567', 'DE', '+49301234567'],
    ['0049 30 1234567', 'DE', '+49301234567'],
    ['  +1 415-555-2671 ', 'DE', '+14155552671'],
    ['(415) 555-2671', 'US', '+14155552671'],
    ['020 7946 0958', 'GB', '+442079460958'],
  ])('%s (default %s) -> %s', (raw, country, e164) => {
    expect(normalisePhone(raw, country)).toEqual({ ok: true, value: e164 });
  });

  it.each([
    ['', 'DE', 'the phone number is empty'],
    ['030 1234567', undefined, '"030 1234567" has no country code (+49...) and no default country is set'],
    ['call me', 'DE', '"call me" is not a phone number'],
    ['+', undefined, '"+" is not a phone number'],
    ['+49 30 12', undefined, '"+49 30 12" is not a valid phone number for DE'],
    ['030 1234567', 'XX', '"XX" is not a country code the phone number library knows'],
  ])('refuses %j (default %s): %s', (raw, country, reason) => {
    expect(normalisePhone(raw, country)).toEqual({ ok: false, reason });
  });
});

describe('e-mail addresses', () => {
  it('trims and lower-cases', () => {
    expect(normaliseEmail('  Anna.Schmidt@Example.COM ')).toEqual({ ok: true, value: 'anna.schmidt@example.com' });
  });

  it.each([
    ['', 'the e-mail address is empty'],
    ['anna', '"anna" is not an e-mail address'],
    ['anna@', '"anna@" is not an e-mail address'],
    ['a b@example.com', '"a b@example.com" is not an e-mail address'],
  ])('refuses %j', (raw, reason) => {
    expect(normaliseEmail(raw)).toEqual({ ok: false, reason });
  });
});
