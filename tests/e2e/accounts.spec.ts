import { expect, test } from '@playwright/test';
import { signIn } from './sign-in.ts';

/**
 * Accounts on the real platform (see global-setup.ts): an admin signs in with e-mail and password,
 * edits a person's roles and a group's members on the Admin page (keyboard included), and signs
 * out, after which the old session cookie is worthless. The API token stays a second way in.
 */
const url = () => process.env.TRACKWAY_E2E_URL as string;
const token = () => process.env.TRACKWAY_E2E_TOKEN as string;
const ownerEmail = () => process.env.TRACKWAY_E2E_EMAIL as string;
const adminEmail = () => process.env.TRACKWAY_E2E_ADMIN_EMAIL as string;
const adminPassword = () => process.env.TRACKWAY_E2E_ADMIN_PASSWORD as string;

test('an admin edits roles and group members, then signs out for good', async ({ page, context }) => {
  await test.step('sign in; the session lives in an httpOnly cookie', async () => {
    await signIn(page, adminEmail(), adminPassword());
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'tw_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect(cookies.find((c) => c.name === 'tw_csrf')).toMatchObject({ httpOnly: false });
    expect(await page.evaluate(() => sessionStorage.getItem('trackway.token'))).toBeNull();
  });

  await test.step('open the Admin page', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
    await expect(page.getByRole('heading', { name: 'Admin', level: 1 })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Users' })).toContainText(ownerEmail());
  });

  await test.step('give the process owner the manager role with the keyboard, and take it back', async () => {
    const roles = page.getByRole('group', { name: `Roles of ${ownerEmail()}` });
    const manager = roles.getByLabel('Manager');
    await expect(manager).not.toBeChecked();
    await manager.focus();
    await page.keyboard.press('Space');
    await expect(manager).toBeChecked();
    await expect(roles).toBeEnabled();
    await page.reload();
    await expect(page.getByRole('group', { name: `Roles of ${ownerEmail()}` }).getByLabel('Manager')).toBeChecked();
    await page
      .getByRole('group', { name: `Roles of ${ownerEmail()}` })
      .getByLabel('Manager')
      .click();
    await expect(page.getByRole('group', { name: `Roles of ${ownerEmail()}` }).getByLabel('Manager')).not.toBeChecked();
    // Unticking the only role left is refused in words, without a call.
    await page
      .getByRole('group', { name: `Roles of ${ownerEmail()}` })
      .getByLabel('Process owner')
      .click();
    await expect(page.getByRole('alert')).toContainText('needs at least one role');
    await expect(page.getByRole('group', { name: `Roles of ${ownerEmail()}` }).getByLabel('Process owner')).toBeChecked();
  });

  await test.step('create a group and add and remove a member', async () => {
    const name = `Night team ${Date.now().toString(36)}`;
    await page.getByRole('button', { name: 'New group' }).click();
    const dialog = page.getByRole('dialog', { name: 'New group' });
    await dialog.getByLabel('Name').fill(name);
    await expect(dialog.getByLabel('Key')).toHaveValue(/^night-team-/);
    await dialog.getByRole('button', { name: 'Create group' }).click();
    const group = page.getByRole('region', { name });
    await expect(group).toContainText('No members yet.');
    // Test accounts are named by their e-mail.
    await group.getByLabel(`Add a member to ${name}`).selectOption({ label: `${ownerEmail()} (${ownerEmail()})` });
    await group.getByRole('button', { name: 'Add' }).click();
    await expect(group.getByRole('list', { name: `Members of ${name}` })).toContainText(ownerEmail());
    await expect(page.getByRole('table', { name: 'Users' })).toContainText(name);
    await group.getByRole('button', { name: `Remove ${ownerEmail()} from ${name}` }).click();
    await expect(group).toContainText('No members yet.');
  });

  await test.step('sign out: back to the sign-in screen, and the old cookie no longer works', async () => {
    const before = (await context.cookies()).find((c) => c.name === 'tw_session')?.value as string;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    expect((await context.cookies()).find((c) => c.name === 'tw_session')).toBeUndefined();
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    const replay = await page.request.get(`${url()}/trpc/auth.me`, { headers: { cookie: `tw_session=${before}` } });
    expect(replay.status()).toBe(401);
  });
});

test('the API token stays a second way in', async ({ page }) => {
  await page.goto(url());
  await page.getByRole('button', { name: 'Use an API token' }).click();
  await page.getByLabel('API token').fill('not-a-token');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('not valid');
  await page.getByLabel('API token').fill(token());
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Flows', exact: true })).toBeVisible();
  // A process owner has no Admin page.
  await expect(page.getByRole('link', { name: 'Admin' })).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Flows', exact: true })).toBeVisible();
});
