import { describe, expect, it } from 'vitest';
import { isEmailAddress, parseRecipients } from './recipients.ts';

describe('parseRecipients', () => {
  it('reads addresses, groups and roles, separated by commas or semicolons', () => {
    expect(parseRecipients(' ana@svc.test, group:support ;role:manager ,')).toEqual({
      ok: true,
      value: [
        { kind: 'address', email: 'ana@svc.test' },
        { kind: 'group', key: 'support' },
        { kind: 'role', role: 'manager' },
      ],
    });
  });

  it('says what is wrong with the first bad part', () => {
    expect(parseRecipients('  ')).toEqual({ ok: false, problem: 'no recipient: "to" is empty' });
    expect(parseRecipients('group:')).toEqual({ ok: false, problem: '"group:" names no group' });
    expect(parseRecipients('role:boss')).toMatchObject({
      ok: false,
      problem: expect.stringContaining('"role:boss" is not a role; roles are admin'),
    });
    expect(parseRecipients('ana@svc.test, Ana Smith')).toMatchObject({
      ok: false,
      problem: expect.stringContaining('"Ana Smith" is not an e-mail address'),
    });
  });

  it('refuses addresses that could carry a second header or recipient', () => {
    for (const text of ['a@b.c\r\nBcc: x@y.z', '"a"@b.c', 'a@b.c>', '<a@b.c>', 'a@@b.c', `${'a'.repeat(250)}@b.cd`]) {
      expect(isEmailAddress(text), text).toBe(false);
    }
    expect(isEmailAddress('first.last+tag@sub.example.co')).toBe(true);
  });
});
