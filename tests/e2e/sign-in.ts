import { expect, type Page } from '@playwright/test';

/** Signs in on the platform's sign-in screen with e-mail and password and waits for the Flows page. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto(process.env.TRACKWAY_E2E_URL as string);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByLabel('Password').press('Enter');
  await expect(page.getByRole('heading', { name: 'Flows', exact: true })).toBeVisible();
}
