import { describe, expect, it } from 'vitest';
import { addressRefusal, hostnameRefusal } from './address-policy.ts';

describe('address policy', () => {
  it.each([
    ['127.0.0.1', 'is a loopback address'],
    ['127.255.0.9', 'is a loopback address'],
    ['::1', 'is a loopback address'],
    ['10.0.0.5', 'is a private address'],
    ['172.16.4.4', 'is a private address'],
    ['192.168.1.1', 'is a private address'],
    ['100.64.0.1', 'is a carrier-grade NAT (shared, 100.64.0.0/10) address'],
    ['fc00::1', 'is a private (unique local, fc00::/7) address'],
    ['fd12:3456::1', 'is a private (unique local, fc00::/7) address'],
    ['169.254.1.1', 'is a link-local address'],
    ['fe80::1', 'is a link-local address'],
    ['169.254.169.254', 'is a cloud metadata address (AWS, GCP, Azure, OpenStack)'],
    ['fd00:ec2::254', 'is a cloud metadata address (AWS)'],
    ['0.0.0.0', 'is an unspecified address'],
    ['::', 'is an unspecified address'],
    ['255.255.255.255', 'is a broadcast address'],
    ['224.0.0.1', 'is a multicast address'],
    ['ff02::1', 'is a multicast address'],
    ['::ffff:127.0.0.1', 'is an IPv4-mapped IPv6 address (127.0.0.1 is a loopback address)'],
    ['::ffff:8.8.8.8', 'is an IPv4-mapped IPv6 address (8.8.8.8)'],
    ['64:ff9b::7f00:1', 'is a special-purpose address (rfc6052)'],
    ['2002:7f00:1::', 'is a special-purpose address (6to4)'],
    ['240.0.0.1', 'is a special-purpose address (reserved)'],
  ])('%s %s', (address, reason) => {
    expect(addressRefusal(address)).toBe(reason);
  });

  it.each(['8.8.8.8', '93.184.215.14', '2606:4700:4700::1111'])('lets public unicast %s through', (address) => {
    expect(addressRefusal(address)).toBeUndefined();
  });

  it('refuses metadata host names however they are cased', () => {
    expect(hostnameRefusal('Metadata.Google.Internal.')).toBe('metadata.google.internal is a cloud metadata host');
    expect(hostnameRefusal('crm.example.com')).toBeUndefined();
  });
});
