import { describe, expect, it } from 'vitest';
import { normaliseEmail, shareDays, validateNewMember, SHARE_DAYS_DEFAULT } from './auth.ts';

describe('auth wire checks', () => {
  it('compares emails lowercased and trimmed, and refuses what is not one', () => {
    expect(normaliseEmail(' Ada@Example.COM ')).toBe('ada@example.com');
    for (const bad of ['ada', 'ada@', '@example.com', 'ada@example', 'a da@example.com', 'ada@ex\u0000.com', `${'a'.repeat(250)}@example.com`, 42, null]) {
      expect(normaliseEmail(bad)).toBeNull();
    }
  });

  it('checks a new member: an email and a role of owner or viewer', () => {
    expect(validateNewMember({ email: 'Bob@example.com', role: 'viewer', extra: 1 })).toEqual({ ok: true, value: { email: 'bob@example.com', role: 'viewer' } });
    expect(validateNewMember({ email: 'bob@example.com', role: 'admin' })).toMatchObject({ ok: false, message: /role/ });
    expect(validateNewMember({ role: 'owner' })).toMatchObject({ ok: false, message: /email/ });
    expect(validateNewMember('bob@example.com')).toMatchObject({ ok: false });
  });

  it('takes share expiry in whole days from 1 to 30, 7 when absent', () => {
    expect(shareDays(undefined)).toEqual({ ok: true, value: SHARE_DAYS_DEFAULT });
    expect(shareDays(30)).toEqual({ ok: true, value: 30 });
    for (const bad of [0, 31, 2.5, '7', null, -1]) expect(shareDays(bad)).toMatchObject({ ok: false });
  });
});
