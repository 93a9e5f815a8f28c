import { expect, test, type Page } from '@playwright/test';

/**
 * The Calendars page against the real API: a process owner edits the "standard" calendar, the
 * preview (the schema's math in the browser) follows the unsaved edit, the save is kept, and a
 * stale save is refused without losing the edit.
 */
const url = () => process.env.TRACKWAY_E2E_URL as string;
const token = () => process.env.TRACKWAY_E2E_TOKEN as string;

const TEST_DAY = '2030-03-05';
const WEEKDAY = [{ start: '09:00', end: '18:00' }];
const STANDARD = {
  timeZone: 'Europe/Berlin',
  weekly: { mon: WEEKDAY, tue: WEEKDAY, wed: WEEKDAY, thu: WEEKDAY, fri: WEEKDAY },
  holidays: [] as Array<{ date: string; name: string }>,
};

interface Stored {
  key: string;
  name: string;
  revision: number;
  definition: typeof STANDARD;
}

async function call(page: Page, procedure: string, input: unknown, kind: 'query' | 'mutation') {
  const headers = { authorization: `Bearer ${token()}` };
  return kind === 'mutation'
    ? page.request.post(`${url()}/trpc/${procedure}`, { headers, data: input })
    : page.request.get(`${url()}/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers });
}

async function api<T>(page: Page, procedure: string, input: unknown, kind: 'query' | 'mutation' = 'mutation'): Promise<T> {
  const response = await call(page, procedure, input, kind);
  expect(response.ok(), await response.text()).toBe(true);
  return ((await response.json()) as { result: { data: T } }).result.data;
}

/** "standard" as the demo seeds it, without the test's holiday (the platform may be reused). */
async function resetStandard(page: Page): Promise<Stored> {
  const found = await call(page, 'calendars.get', { key: 'standard' }, 'query');
  if (found.status() === 404) {
    await api(page, 'calendars.create', { key: 'standard', name: 'Standard office hours', definition: STANDARD });
  } else {
    const current = ((await found.json()) as { result: { data: Stored } }).result.data;
    const holidays = current.definition.holidays.filter((h) => h.date !== TEST_DAY);
    await api(page, 'calendars.update', {
      key: 'standard',
      revision: current.revision,
      name: current.name,
      definition: { ...current.definition, weekly: STANDARD.weekly, timeZone: STANDARD.timeZone, holidays },
    });
  }
  return api<Stored>(page, 'calendars.get', { key: 'standard' }, 'query');
}

async function signIn(page: Page) {
  await page.addInitScript((t) => {
    (globalThis as unknown as { sessionStorage: { setItem(key: string, value: string): void } }).sessionStorage.setItem(
      'trackway.token',
      t,
    );
  }, token());
}

async function setPreview(page: Page) {
  const preview = page.getByRole('region', { name: 'Preview' });
  await preview.getByLabel('From', { exact: true }).fill('2030-03-04T10:00');
  await preview.getByRole('spinbutton', { name: 'add' }).fill('1');
  await preview.getByRole('combobox', { name: 'Unit' }).selectOption('days');
  return preview.getByRole('status', { name: 'Due' });
}

test('a process owner adds a holiday to "standard", sees the preview skip it, saves and finds it kept', async ({ page }) => {
  await resetStandard(page);
  await signIn(page);
  await page.goto(`${url()}/flows`);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Calendars' }).click();
  await expect(page.getByRole('heading', { name: 'Business calendars' })).toBeVisible();
  await page
    .getByRole('navigation', { name: 'Calendars' })
    .getByRole('link', { name: /standard · Europe\/Berlin/ })
    .click();
  const editor = page.getByRole('region', { name: 'Calendar standard' });
  await expect(editor.getByLabel('Time zone')).toHaveValue('Europe/Berlin');

  const due = await setPreview(page);
  await test.step('the preview counts on the calendar as it is', async () => {
    await expect(due).toHaveText('Tue 5 Mar 2030, 10:00 (Europe/Berlin)');
  });

  await test.step('an unsaved holiday moves the due date past it', async () => {
    await editor.getByLabel('New holiday date').fill(TEST_DAY);
    await editor.getByLabel('New holiday name').fill('Trackway test day');
    await editor.getByRole('button', { name: 'Add holiday' }).click();
    await expect(editor.getByRole('listitem', { name: `Trackway test day, ${TEST_DAY}` })).toBeVisible();
    await expect(due).toHaveText('Wed 6 Mar 2030, 10:00 (Europe/Berlin)');
    await expect(page.getByRole('listitem', { name: 'Tue 5 Mar: holiday Trackway test day, closed' })).toBeVisible();
    await expect(editor.getByText('Unsaved changes')).toBeVisible();
    await page.screenshot({ path: 'test-results/screenshots/calendars-holiday.png' });
  });

  await test.step('a second holiday on the same date is refused in place', async () => {
    await editor.getByLabel('New holiday date').fill(TEST_DAY);
    await editor.getByLabel('New holiday name').fill('Twice');
    await editor.getByRole('button', { name: 'Add holiday' }).click();
    await expect(editor.getByRole('form', { name: 'Add a holiday' })).toContainText(`holiday ${TEST_DAY} is listed twice`);
    await expect(editor.getByRole('listitem', { name: `Twice, ${TEST_DAY}` })).toHaveCount(0);
  });

  await test.step('saved, and still there after a reload', async () => {
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect(editor.getByRole('status').filter({ hasText: /^Saved as revision \d+\.$/ })).toBeVisible();
    await expect(editor.getByText('Unsaved changes')).toHaveCount(0);
    await page.reload();
    await expect(editor.getByRole('listitem', { name: `Trackway test day, ${TEST_DAY}` })).toBeVisible();
    await expect(await setPreview(page)).toHaveText('Wed 6 Mar 2030, 10:00 (Europe/Berlin)');
    const stored = await api<Stored>(page, 'calendars.get', { key: 'standard' }, 'query');
    expect(stored.definition.holidays).toContainEqual({ date: TEST_DAY, name: 'Trackway test day' });
  });
});

test('a stale save shows the conflict and keeps the edit', async ({ page }) => {
  await resetStandard(page);
  await signIn(page);
  await page.goto(`${url()}/calendars?key=standard`);
  const editor = page.getByRole('region', { name: 'Calendar standard' });
  const monday = editor.getByRole('group', { name: 'Monday' });
  await monday.getByLabel('Monday hours until').fill('17:00');

  // Someone else saves meanwhile.
  const theirs = await api<Stored>(page, 'calendars.get', { key: 'standard' }, 'query');
  await api(page, 'calendars.update', { key: 'standard', revision: theirs.revision, name: 'Renamed elsewhere' });

  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(editor.getByRole('alert').filter({ hasText: 'Not saved' })).toContainText(
    'Not saved: someone else saved this calendar after you opened it.',
  );
  await expect(monday.getByLabel('Monday hours until')).toHaveValue('17:00');
  await expect(editor.getByText('Unsaved changes')).toBeVisible();

  await editor.getByRole('button', { name: 'Save mine over theirs' }).click();
  await expect(editor.getByRole('status').filter({ hasText: /^Saved as revision \d+\.$/ })).toBeVisible();
  const stored = await api<Stored>(page, 'calendars.get', { key: 'standard' }, 'query');
  expect(stored.definition.weekly.mon).toEqual([{ start: '09:00', end: '17:00' }]);
  await resetStandard(page);
});
