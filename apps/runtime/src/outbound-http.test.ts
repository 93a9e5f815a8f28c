import { describe, expect, it } from 'vitest';
import { loadOutboundConfig } from './config.ts';

describe('outbound HTTP configuration', () => {
  it('reads the allowlist as comma-separated hosts, ignoring blanks', () => {
    expect(loadOutboundConfig({ TRACKWAY_HTTP_ALLOW_HOSTS: ' crm.internal:8443, 10.0.4.7 ,,' })).toEqual({
      allowHosts: ['crm.internal:8443', '10.0.4.7'],
    });
    expect(loadOutboundConfig({})).toEqual({ allowHosts: [] });
  });

  it('takes a default phone country and refuses one that is not a country code', () => {
    expect(loadOutboundConfig({ TRACKWAY_DEFAULT_PHONE_COUNTRY: 'DE' })).toEqual({ allowHosts: [], defaultPhoneCountry: 'DE' });
    expect(() => loadOutboundConfig({ TRACKWAY_DEFAULT_PHONE_COUNTRY: 'Germany' })).toThrow(
      'Invalid runtime configuration: TRACKWAY_DEFAULT_PHONE_COUNTRY: a two-letter country code such as DE',
    );
  });
});
