import { expect, test, type Page } from '@playwright/test';

/**
 * The inspector's widgets for shared field shapes on a real human task node, with their lists
 * from the real API: people from directory.users, calendars from calendars.list.
 */
const url = () => process.env.TRACKWAY_E2E_URL as string;
const token = () => process.env.TRACKWAY_E2E_TOKEN as string;

async function api<T>(page: Page, procedure: string, input: unknown, kind: 'query' | 'mutation' = 'mutation'): Promise<T> {
  const headers = { authorization: `Bearer ${token()}` };
  const response =
    kind === 'mutation'
      ? await page.request.post(`${url()}/trpc/${procedure}`, { headers, data: input })
      : await page.request.get(
          `${url()}/trpc/${procedure}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`,
          {
            headers,
          },
        );
  expect(response.ok(), await response.text()).toBe(true);
  return ((await response.json()) as { result: { data: T } }).result.data;
}

test('a human task is assigned and timed with the widgets', async ({ page }) => {
  const key = `widgets-${Date.now().toString(36)}`;
  const me = await api<{ email: string }>(page, 'auth.me', undefined, 'query');
  await api(page, 'calendars.create', {
    key: `${key}-cal`,
    name: 'Berlin office',
    definition: { timeZone: 'Europe/Berlin', weekly: { mon: [{ start: '09:00', end: '17:00' }] } },
  });
  const flow = await api<{ id: string }>(page, 'flows.create', { key, name: 'Widgets' });
  await api(page, 'flows.saveDraft', {
    id: flow.id,
    revision: 1,
    definition: {
      schemaVersion: 1,
      metadata: { name: 'Widgets' },
      nodes: [
        { id: 'start', type: 'start', typeVersion: 1, position: { x: 0, y: 0 } },
        {
          id: 'approve',
          type: 'human-task',
          typeVersion: 1,
          label: 'Approve refund',
          position: { x: 0, y: 150 },
          config: { title: 'Approve the refund', assignee: { kind: 'user', email: '' } },
        },
        { id: 'end', type: 'end', typeVersion: 1, position: { x: 0, y: 320 } },
      ],
      edges: [
        { id: 'e1', source: 'start', sourcePort: 'next', target: 'approve' },
        { id: 'e2', source: 'approve', sourcePort: 'approved', target: 'end' },
      ],
    },
  });

  await page.addInitScript((t) => {
    (globalThis as unknown as { sessionStorage: { setItem(key: string, value: string): void } }).sessionStorage.setItem(
      'trackway.token',
      t,
    );
  }, token());
  await page.goto(`${url()}/flows/${flow.id}`);
  await page.locator('.react-flow__node[data-id="approve"]').click();
  const inspector = page.getByLabel('Settings of Approve refund');

  await test.step('pick the person from the directory with the keyboard', async () => {
    const person = inspector.getByRole('combobox', { name: 'Person' });
    await person.fill(me.email.slice(0, 8));
    // The list filters as the search answers: wait until ours is the first option, then pick it by keyboard.
    await expect(inspector.getByRole('listbox').getByRole('option').first()).toHaveAccessibleName(
      new RegExp(me.email.replace(/[.+]/g, '\\$&')),
    );
    await person.press('ArrowDown');
    await person.press('Enter');
    await expect(person).toHaveValue(me.email);
  });

  await test.step('a due time in business days, on a stored calendar', async () => {
    const due = inspector.getByRole('group', { name: 'Due' });
    await due.getByLabel('Due amount').fill('3');
    await due.getByLabel('Due unit').selectOption('days');
    await expect(due.getByLabel('Due unit').locator('option:checked')).toHaveText('business days');
    await inspector.getByLabel('Calendar (optional)').selectOption(`${key}-cal`);
    await expect(inspector.getByLabel('Calendar (optional)').locator('option:checked')).toHaveText(
      `Berlin office (${key}-cal) · Europe/Berlin`,
    );
    // The due time on that calendar if started now, computed in the browser (Mondays 09:00-17:00 only).
    await expect(inspector.getByText(/if started now: Mon \d{1,2} \w{3}( \d{4})?, \d\d:\d\d \(Europe\/Berlin\)/)).toBeVisible();
    await page.screenshot({ path: 'test-results/screenshots/7-inspector-widgets.png' });
  });

  await test.step('what the widgets set is what gets saved', async () => {
    await expect(page.getByRole('status').filter({ hasText: /^Saved/ })).toBeVisible();
    const saved = await api<{ draft: { nodes: Array<{ id: string; config: Record<string, unknown> }> } }>(
      page,
      'flows.get',
      { id: flow.id },
      'query',
    );
    expect(saved.draft.nodes.find((n) => n.id === 'approve')?.config).toMatchObject({
      assignee: { kind: 'user', email: me.email },
      due: { amount: 3, unit: 'days' },
      calendar: `${key}-cal`,
    });
  });
});
