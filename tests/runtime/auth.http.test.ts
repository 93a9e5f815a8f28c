import { request } from 'node:http';
import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type ApiServer } from '../../apps/runtime/src/api/server.ts';
import { ACCOUNT_DISABLED, WRONG_CREDENTIALS } from '../../apps/runtime/src/auth/auth-http.ts';
import { DEFAULT_AUTH_CONFIG } from '../../apps/runtime/src/auth/config.ts';
import { hashPassword } from '../../apps/runtime/src/auth/password.ts';
import { accountKey, ipKey } from '../../apps/runtime/src/auth/rate-limit.ts';
import { CSRF_REFUSED } from '../../apps/runtime/src/auth/request-context.ts';
import { createTestDatabase, createUser, type TestDatabase, type TestRole } from '../support/platform.ts';

/**
 * Sign-in, sessions, CSRF and the sign-in rate limit over real HTTP against real Postgres. The
 * server trusts X-Forwarded-For here, so each test signs in from its own address and the
 * per-address limit of one test does not leak into another.
 */
let database: TestDatabase;
let api: ApiServer;
const PASSWORD = 'a long and good password';
let nextIp = 1;
const freshIp = () => `198.51.100.${nextIp++}`;

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON of several shapes, checked field by field
}

function call(method: string, path: string, options: { headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  const { hostname, port } = new URL(api.url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method, headers: options.headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // not JSON: keep the text
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
      });
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

interface Browser {
  ip: string;
  cookies: Map<string, string>;
}

const browser = (): Browser => ({ ip: freshIp(), cookies: new Map() });
const cookieHeader = (b: Browser) => [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; ');

/** Keeps cookies like a browser: set with a value, deleted with Max-Age=0. */
function remember(b: Browser, reply: Reply) {
  for (const line of (reply.headers['set-cookie'] as string[] | undefined) ?? []) {
    const [pair = ''] = line.split(';');
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq);
    if (/Max-Age=0/.test(line)) b.cookies.delete(name);
    else b.cookies.set(name, pair.slice(eq + 1));
  }
}

async function signIn(b: Browser, email: string, password: string, extra: Record<string, string> = {}) {
  const reply = await call('POST', '/api/auth/signin', {
    headers: {
      'content-type': 'application/json',
      'x-forwarded-for': b.ip,
      ...(b.cookies.size ? { cookie: cookieHeader(b) } : {}),
      ...extra,
    },
    body: JSON.stringify({ email, password }),
  });
  remember(b, reply);
  return reply;
}

/** A tRPC call the way the builder makes it: cookies, plus the CSRF header unless told otherwise. */
function trpc(b: Browser, kind: 'query' | 'mutation', path: string, input?: unknown, headers: Record<string, string> = {}) {
  const csrf = b.cookies.get('tw_csrf');
  const base = { cookie: cookieHeader(b), ...(csrf && kind === 'mutation' ? { 'x-csrf-token': csrf } : {}), ...headers };
  if (kind === 'query') {
    const query = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
    return call('GET', `/trpc/${path}${query}`, { headers: base });
  }
  return call('POST', `/trpc/${path}`, { headers: { ...base, 'content-type': 'application/json' }, body: JSON.stringify(input ?? {}) });
}

async function account(roles: TestRole[], password: string | null = PASSWORD) {
  const user = await createUser(database.db, roles);
  if (password) await database.db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(password) } });
  return user;
}

const auditActions = async (subjectId: string) =>
  (await database.db.auditEntry.findMany({ where: { subjectId }, orderBy: { seq: 'asc' }, select: { action: true } })).map((e) => e.action);

beforeAll(async () => {
  database = await createTestDatabase('auth_http');
  api = await startApiServer(
    // These routes and procedures never reach Temporal.
    { db: database.db, temporal: {} as Client, taskQueue: 'auth-no-worker', auth: { ...DEFAULT_AUTH_CONFIG, trustProxy: true } },
    { host: '127.0.0.1', port: 0 },
  );
});

afterAll(async () => {
  await api?.close();
  await database?.drop();
});

describe('sign-in', () => {
  it('sets an httpOnly SameSite=Lax session cookie whose secret is stored only as a hash, and a readable CSRF cookie', async () => {
    const user = await account(['staff']);
    const b = browser();
    const reply = await signIn(b, user.email.toUpperCase(), PASSWORD);
    expect(reply.status).toBe(200);
    expect(reply.headers['cache-control']).toBe('no-store');
    const [session, csrf] = reply.headers['set-cookie'] as string[];
    expect(session).toMatch(/^tw_session=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=43200; SameSite=Lax; HttpOnly$/);
    expect(csrf).toMatch(/^tw_csrf=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=43200; SameSite=Lax$/);
    expect(reply.body).toEqual({
      user: { id: user.id, email: user.email, displayName: user.email, roles: ['staff'] },
      csrfToken: b.cookies.get('tw_csrf'),
      expiresAt: expect.any(String),
    });
    expect(JSON.stringify(reply.body)).not.toMatch(/argon2|tokenHash|passwordHash/);

    const secret = b.cookies.get('tw_session') as string;
    const rows = await database.db.session.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]?.tokenHash).not.toContain(secret);
    expect(rows[0]?.ip).toBe(b.ip);

    const me = await trpc(b, 'query', 'auth.me');
    expect(me.status).toBe(200);
    expect(me.body.result.data).toMatchObject({ id: user.id, email: user.email, roles: ['staff'] });
    expect(await auditActions(user.id)).toEqual(['auth.signin']);
  });

  it('a wrong password and an unknown e-mail get the same generic answer; both are audited', async () => {
    const user = await account(['staff']);
    const wrong = await signIn(browser(), user.email, 'not the password at all');
    const unknown = await signIn(browser(), `nobody-${Date.now()}@test.local`, PASSWORD);
    const noPassword = await account(['staff'], null);
    const none = await signIn(browser(), noPassword.email, PASSWORD);
    for (const reply of [wrong, unknown, none]) {
      expect(reply.status).toBe(401);
      expect(reply.body).toEqual({ error: WRONG_CREDENTIALS, code: 'UNAUTHORIZED' });
      expect(reply.headers['set-cookie']).toBeUndefined();
    }
    expect(await auditActions(user.id)).toEqual(['auth.signin_failed']);
    const entry = await database.db.auditEntry.findFirstOrThrow({ where: { subjectId: user.id } });
    expect(entry.actor).toBe('anonymous');
    expect(JSON.stringify(entry.payload)).not.toContain('not the password');
    expect(entry.payload).toMatchObject({ email: user.email, reason: 'wrong_password' });
  });

  it('bad requests get specific 4xx answers and change nothing', async () => {
    const ip = freshIp();
    const post = (body: string, type = 'application/json') =>
      call('POST', '/api/auth/signin', { headers: { 'content-type': type, 'x-forwarded-for': ip }, body });
    expect(await post('{"email":"a@b.c","password":"x"}', 'application/x-www-form-urlencoded')).toMatchObject({
      status: 415,
      body: { code: 'UNSUPPORTED_MEDIA_TYPE' },
    });
    expect(await post('{nope')).toMatchObject({ status: 400, body: { error: expect.stringContaining('not valid JSON') } });
    expect(await post('{"email":"not-an-email","password":"x"}')).toMatchObject({
      status: 400,
      body: { error: 'Sign-in refused: email: enter an e-mail address.' },
    });
    expect(await post('{"email":"a@b.co"}')).toMatchObject({
      status: 400,
      body: { error: 'Sign-in refused: password: enter your password.' },
    });
    expect(await post('{"email":"a@b.co","password":"a\\u0000b"}')).toMatchObject({
      status: 400,
      body: { error: expect.stringContaining('NUL') },
    });
    expect(await post(JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(20_000) }))).toMatchObject({ status: 413 });
    expect((await call('GET', '/api/auth/signin')).status).toBe(405);
    expect((await call('POST', '/api/auth/elsewhere')).status).toBe(404);
    const crossSite = await call('POST', '/api/auth/signin', {
      headers: { 'content-type': 'application/json', 'x-forwarded-for': ip, 'sec-fetch-site': 'cross-site' },
      body: JSON.stringify({ email: 'a@b.co', password: PASSWORD }),
    });
    expect(crossSite.status).toBe(403);
    // None of these got as far as a password check, so none counts as a failed attempt.
    expect(await database.db.signInAttempt.count({ where: { key: { in: [ipKey(ip), accountKey('a@b.co')] } } })).toBe(0);
  });

  it('the 6th rapid failed attempt is refused with 429 and Retry-After, even with the right password, for real and unknown accounts alike', async () => {
    const user = await account(['staff']);
    const b = browser();
    for (let i = 0; i < 5; i++) expect((await signIn(b, user.email, `wrong password ${i}`)).status).toBe(401);
    const sixth = await signIn(b, user.email, PASSWORD);
    expect(sixth.status).toBe(429);
    expect(Number(sixth.headers['retry-after'])).toBeGreaterThan(14 * 60);
    expect(sixth.body.error).toBe('Too many failed sign-in attempts for this account or from this address. Try again in 15 minutes.');
    expect(sixth.headers['set-cookie']).toBeUndefined();
    // From another address too: the account is what is locked.
    expect((await signIn(browser(), user.email, PASSWORD)).status).toBe(429);

    const ghost = `ghost-${Date.now()}@test.local`;
    const g = browser();
    for (let i = 0; i < 5; i++) await signIn(g, ghost, `wrong password ${i}`);
    const locked = await signIn(g, ghost, PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.body).toEqual(sixth.body);
  });

  it('parallel guesses cannot get past the limit', async () => {
    const user = await account(['staff']);
    const replies = await Promise.all(Array.from({ length: 12 }, (_, i) => signIn(browser(), user.email, `parallel guess ${i}`)));
    const statuses = replies.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(7);
  });

  it('one address trying many accounts is limited too', async () => {
    const b = browser();
    for (let i = 0; i < DEFAULT_AUTH_CONFIG.signIn.maxFailuresPerIp; i++) {
      expect((await signIn(b, `spray-${i}@test.local`, 'password123456')).status).toBe(401);
    }
    const user = await account(['staff']);
    expect((await signIn(b, user.email, PASSWORD)).status).toBe(429);
    expect((await signIn(browser(), user.email, PASSWORD)).status).toBe(200);
  });

  it('a successful sign-in resets the account count', async () => {
    const user = await account(['staff']);
    const b = browser();
    for (let i = 0; i < 4; i++) await signIn(b, user.email, `wrong password ${i}`);
    expect((await signIn(b, user.email, PASSWORD)).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await signIn(b, user.email, `wrong again ${i}`)).status).toBe(401);
  });

  it('a disabled user cannot sign in; only the right password learns why', async () => {
    const user = await account(['staff']);
    await database.db.user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    const right = await signIn(browser(), user.email, PASSWORD);
    expect(right).toMatchObject({ status: 403, body: { error: ACCOUNT_DISABLED } });
    expect(right.headers['set-cookie']).toBeUndefined();
    expect((await signIn(browser(), user.email, 'the wrong password')).body).toEqual({ error: WRONG_CREDENTIALS, code: 'UNAUTHORIZED' });
    expect(await database.db.session.count({ where: { userId: user.id } })).toBe(0);
  });
});

describe('cookie-authenticated calls and CSRF', () => {
  it('a mutation without the CSRF token is refused with 403 and changes nothing; with it, it succeeds', async () => {
    const admin = await account(['admin']);
    const b = browser();
    await signIn(b, admin.email, PASSWORD);
    const key = `csrf-${Date.now()}`;

    const missing = await trpc(b, 'mutation', 'groups.create', { key, name: 'CSRF test' }, { 'x-csrf-token': '' });
    expect(missing.status).toBe(403);
    expect(missing.body.error.message).toBe(CSRF_REFUSED);
    const forged = await trpc(b, 'mutation', 'groups.create', { key, name: 'CSRF test' }, { 'x-csrf-token': 'A'.repeat(43) });
    expect(forged.status).toBe(403);
    const crossSite = await trpc(b, 'mutation', 'groups.create', { key, name: 'CSRF test' }, { 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    expect(await database.db.group.findUnique({ where: { key } })).toBeNull();

    const ok = await trpc(b, 'mutation', 'groups.create', { key, name: 'CSRF test' });
    expect(ok.status).toBe(200);
    expect(ok.body.result.data).toMatchObject({ key, name: 'CSRF test', members: [] });
    // Queries (GET) need no token.
    expect((await trpc(b, 'query', 'groups.list', undefined, {})).status).toBe(200);
  });

  it('bearer tokens keep working, and need no CSRF token', async () => {
    const admin = await account(['admin']);
    const headers = { authorization: `Bearer ${admin.token}` };
    expect((await call('GET', '/trpc/auth.me', { headers })).body.result.data.id).toBe(admin.id);
    const created = await call('POST', '/trpc/groups.create', {
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ key: `bearer-${Date.now()}`, name: 'Bearer' }),
    });
    expect(created.status).toBe(200);
    // A bad bearer token is not rescued by a valid cookie.
    const b = browser();
    await signIn(b, admin.email, PASSWORD);
    expect((await call('GET', '/trpc/auth.me', { headers: { authorization: 'Bearer nope', cookie: cookieHeader(b) } })).status).toBe(401);
  });

  it('sign-out needs the CSRF token, ends the session, clears the cookies, and the old cookie stops working', async () => {
    const user = await account(['auditor']);
    const b = browser();
    await signIn(b, user.email, PASSWORD);
    const stolen = new Map(b.cookies);

    const noToken = await call('POST', '/api/auth/signout', { headers: { cookie: cookieHeader(b) } });
    expect(noToken).toMatchObject({ status: 403, body: { error: CSRF_REFUSED } });
    expect((await trpc(b, 'query', 'auth.me')).status).toBe(200);

    const out = await call('POST', '/api/auth/signout', {
      headers: { cookie: cookieHeader(b), 'x-csrf-token': b.cookies.get('tw_csrf') as string },
    });
    expect(out.status).toBe(200);
    expect(out.headers['set-cookie']).toEqual([
      'tw_session=; Path=/; Max-Age=0; SameSite=Lax; HttpOnly',
      'tw_csrf=; Path=/; Max-Age=0; SameSite=Lax',
    ]);
    remember(b, out);
    expect(b.cookies.size).toBe(0);
    expect(await database.db.session.count({ where: { userId: user.id } })).toBe(0);

    const replay = await trpc({ ip: b.ip, cookies: stolen }, 'query', 'auth.me');
    expect(replay.status).toBe(401);
    expect(await auditActions(user.id)).toEqual(['auth.signin', 'auth.signout']);
    // Signing out without a session is harmless.
    expect((await call('POST', '/api/auth/signout')).status).toBe(200);
  });

  it('an expired session is refused', async () => {
    const user = await account(['staff']);
    const b = browser();
    await signIn(b, user.email, PASSWORD);
    await database.db.session.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await trpc(b, 'query', 'auth.me')).status).toBe(401);
  });

  it('signing in again replaces the session presented with the request (no fixation)', async () => {
    const user = await account(['staff']);
    const b = browser();
    await signIn(b, user.email, PASSWORD);
    const first = b.cookies.get('tw_session');
    await signIn(b, user.email, PASSWORD);
    expect(b.cookies.get('tw_session')).not.toBe(first);
    expect(await database.db.session.count({ where: { userId: user.id } })).toBe(1);
  });
});

describe('account changes over a session', () => {
  it('disabling a user ends their sessions and stops their API token; the change is audited', async () => {
    const admin = await account(['admin']);
    const staff = await account(['staff']);
    const a = browser();
    const s = browser();
    await signIn(a, admin.email, PASSWORD);
    await signIn(s, staff.email, PASSWORD);
    expect((await trpc(s, 'query', 'auth.me')).status).toBe(200);

    const off = await trpc(a, 'mutation', 'users.update', { id: staff.id, disabled: true });
    expect(off.status).toBe(200);
    expect(off.body.result.data).toMatchObject({ id: staff.id, disabled: true });
    expect((await trpc(s, 'query', 'auth.me')).status).toBe(401);
    expect((await call('GET', '/trpc/auth.me', { headers: { authorization: `Bearer ${staff.token}` } })).status).toBe(401);
    expect((await signIn(browser(), staff.email, PASSWORD)).status).toBe(403);

    const roles = await trpc(a, 'mutation', 'users.update', { id: staff.id, disabled: false, roles: ['staff', 'manager'] });
    expect(roles.body.result.data).toMatchObject({ disabled: false, roles: ['staff', 'manager'] });
    expect(await auditActions(staff.id)).toEqual([
      'auth.signin',
      'user.disabled',
      'auth.signin_failed',
      'user.roles_changed',
      'user.enabled',
    ]);
    const change = await database.db.auditEntry.findFirstOrThrow({ where: { subjectId: staff.id, action: 'user.roles_changed' } });
    expect(change).toMatchObject({ actor: admin.id, payload: { before: ['staff'], after: ['staff', 'manager'] } });
  });

  it('changePassword needs the current password; the new one works, the old does not, and other sessions end', async () => {
    const user = await account(['developer']);
    const here = browser();
    const elsewhere = browser();
    await signIn(here, user.email, PASSWORD);
    await signIn(elsewhere, user.email, PASSWORD);

    const wrong = await trpc(here, 'mutation', 'auth.changePassword', {
      currentPassword: 'not my password',
      newPassword: 'brand new password 1',
    });
    expect(wrong).toMatchObject({ status: 400, body: { error: { message: 'The current password is not right.' } } });
    const weak = await trpc(here, 'mutation', 'auth.changePassword', { currentPassword: PASSWORD, newPassword: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.data.zodError.fieldErrors.newPassword).toEqual(['use at least 12 characters']);

    const ok = await trpc(here, 'mutation', 'auth.changePassword', { currentPassword: PASSWORD, newPassword: 'brand new password 1' });
    expect(ok.status).toBe(200);
    expect((await trpc(here, 'query', 'auth.me')).status).toBe(200);
    expect((await trpc(elsewhere, 'query', 'auth.me')).status).toBe(401);
    expect((await signIn(browser(), user.email, PASSWORD)).status).toBe(401);
    expect((await signIn(browser(), user.email, 'brand new password 1')).status).toBe(200);
  });

  it('an admin sets a password: the user signs in with it, their sessions end, a lockout lifts', async () => {
    const admin = await account(['admin']);
    const user = await account(['staff']);
    const a = browser();
    await signIn(a, admin.email, PASSWORD);
    const u = browser();
    await signIn(u, user.email, PASSWORD);
    for (let i = 0; i < 5; i++) await signIn(browser(), user.email, `guess ${i}`);
    expect((await signIn(browser(), user.email, PASSWORD)).status).toBe(429);

    const set = await trpc(a, 'mutation', 'users.setPassword', { id: user.id, password: 'reset password 2026' });
    expect(set.status).toBe(200);
    expect(JSON.stringify(set.body)).not.toContain('reset password');
    expect((await trpc(u, 'query', 'auth.me')).status).toBe(401);
    expect((await signIn(browser(), user.email, 'reset password 2026')).status).toBe(200);
  });
});
