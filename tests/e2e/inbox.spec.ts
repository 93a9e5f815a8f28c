import { expect, test, type Browser, type Page } from '@playwright/test';
import { signIn } from './sign-in.ts';
import { apiClient } from '../support/api-client.ts';
import { definition, e, n } from '../support/flows.ts';
import type { InboxFixtures } from './inbox-fixtures.ts';

/**
 * The staff inbox on the real platform (Postgres, Temporal dev server, worker, API serving the
 * built app; see global-setup.ts): staff signs in, finds the task with the keyboard, claims it,
 * is told what the form lacks, completes it, and the run moves on; a manager reassigns another
 * task to a second group; a member of that group sees that one and cannot see or open the first.
 */
const url = () => process.env.TRACKWAY_E2E_URL as string;
const token = () => process.env.TRACKWAY_E2E_TOKEN as string;
const fixtures = (): InboxFixtures => {
  const raw = process.env.TRACKWAY_E2E_INBOX;
  if (!raw) throw new Error('TRACKWAY_E2E_INBOX is not set: start the platform with tests/e2e/platform.ts (global-setup does).');
  return JSON.parse(raw) as InboxFixtures;
};

const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/screenshots/${name}.png` });

/** A person in their own browser context, signed in, on the Inbox page. */
async function openInbox(browser: Browser, email: string, password: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email, password);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inbox' }).click();
  await expect(page.getByRole('heading', { name: 'Inbox', level: 1 })).toBeVisible();
  return page;
}

const refundFlow = (group: string) =>
  definition(
    'Inbox journey refund',
    [
      n('start', 'start', { businessKey: 'input.caseId' }),
      n('approve', 'human-task', {
        title: 'Refund {{ input.caseId }}',
        instructions: 'Check the receipt, then decide.',
        assignee: { kind: 'group', group },
        form: [
          { name: 'amount', type: 'number', required: true, label: 'Refund amount' },
          { name: 'note', type: 'string' },
        ],
        outcomes: [{ port: 'approve' }, { port: 'reject' }],
        priority: 3,
      }),
      n('paid', 'end', { output: '{ "decision": "approved" }' }),
      n('declined', 'end', { output: '{ "decision": "rejected" }' }),
    ],
    [e('start', 'approve'), e('approve', 'paid', 'approve'), e('approve', 'declined', 'reject')],
    { input: { fields: [{ name: 'caseId', type: 'string', required: true }] } },
  );

test('staff complete a task from the inbox; a manager reassigns; another group cannot see it', async ({ browser }) => {
  const people = fixtures();
  const owner = apiClient(url(), token());
  const stamp = Date.now().toString(36);
  const caseA = `RF-${stamp}-A`;
  const caseB = `RF-${stamp}-B`;
  const flow = await owner.flows.create.mutate({ key: `inbox-journey-${stamp}`, name: 'Inbox journey refund' });
  await owner.flows.saveDraft.mutate({ id: flow.id, revision: flow.draftRevision, definition: refundFlow(people.group) as never });
  await owner.flows.publish.mutate({ id: flow.id });
  const runA = await owner.runs.start.mutate({ flowId: flow.id, input: { caseId: caseA } });
  const staff = await openInbox(browser, people.staff.email, people.staff.password);
  let taskA = '';

  await test.step('the new task appears in the group queue without a reload', async () => {
    await staff.getByRole('tab', { name: /Group queue/ }).click();
    await staff.getByLabel('Search').fill(caseA);
    await staff.getByLabel('Search').press('Enter');
    // Started after the page loaded: it comes in with the next poll.
    await expect(staff.getByRole('listbox', { name: 'Tasks' }).getByRole('option')).toHaveCount(1, { timeout: 20_000 });
    await expect(staff.getByRole('listbox', { name: 'Tasks' }).getByRole('option')).toContainText(`Refund ${caseA}`);
    await expect(staff.getByRole('tab', { name: /Group queue/ })).toContainText(/\d/);
  });

  await test.step('open it with the keyboard', async () => {
    await staff.getByLabel('Search').press('Escape');
    await staff.keyboard.press('j');
    await staff.keyboard.press('Enter');
    await expect(staff.getByRole('heading', { name: `Refund ${caseA}`, level: 2 })).toBeVisible();
    taskA = new URL(staff.url()).searchParams.get('task') ?? '';
    expect(taskA).toMatch(/^[0-9a-f-]{36}$/);
    await expect(staff.getByText('Check the receipt, then decide.')).toBeVisible();
    await expect(staff.getByRole('region', { name: 'Run timeline' }).getByRole('list', { name: 'Steps' })).toContainText('approve');
  });

  await test.step('claim it; the form says what is missing; complete it', async () => {
    await staff.getByRole('button', { name: 'Claim' }).click();
    await expect(staff.locator('.task-meta > div', { hasText: 'Claimed by' })).toContainText('you');
    await expect(staff.getByRole('button', { name: 'Release' })).toBeVisible();
    const form = staff.getByRole('form', { name: 'Task form' });
    await form.getByRole('button', { name: 'Approve' }).click();
    await expect(form.getByText('Refund amount is required')).toBeVisible();
    await expect(form.getByLabel('Refund amount')).toBeFocused();
    await form.getByLabel('Refund amount').fill('120');
    await expect(form.getByText('Refund amount is required')).toHaveCount(0);
    await expect(staff.getByLabel('Search')).toHaveValue(caseA);
    await form.getByLabel('Note (optional)').fill('Receipt checked');
    await shot(staff, 'inbox-task-form');
    await form.getByRole('button', { name: 'Approve' }).click();
    await expect(staff.getByText('Completed: the run goes on.')).toBeVisible();
  });

  await test.step('the run moves on to the approved end', async () => {
    await expect.poll(async () => (await owner.runs.get.query({ id: runA.id })).status, { timeout: 30_000 }).toBe('completed');
    expect((await owner.runs.get.query({ id: runA.id })).output).toEqual({ decision: 'approved' });
    await expect(staff.getByRole('heading', { name: 'Submitted' })).toBeVisible({ timeout: 15_000 });
  });

  const runB = await owner.runs.start.mutate({ flowId: flow.id, input: { caseId: caseB } });
  expect(runB.workflowId).toContain(caseB);

  await test.step('a manager reassigns the second task to the other group', async () => {
    const manager = await openInbox(browser, people.manager.email, people.manager.password);
    await manager.getByRole('tab', { name: /Team/ }).click();
    await manager.getByLabel('Search').fill(caseB);
    await manager.getByLabel('Search').press('Enter');
    await manager
      .getByRole('listbox', { name: 'Tasks' })
      .getByRole('option')
      .filter({ hasText: `Refund ${caseB}` })
      .click({ timeout: 20_000 });
    await expect(manager.getByRole('heading', { name: `Refund ${caseB}`, level: 2 })).toBeVisible();
    await manager.getByLabel('Reassign to').selectOption(`group:${people.otherGroup}`);
    await manager.getByRole('button', { name: 'Reassign' }).click();
    await expect(manager.locator('.task-meta > div', { hasText: 'For' })).toContainText(`group ${people.otherGroup}`);
    await shot(manager, 'inbox-manager-reassigned');
  });

  await test.step('the other group sees the reassigned task, and cannot see or open the first', async () => {
    const outsider = await openInbox(browser, people.outsider.email, people.outsider.password);
    await outsider.getByRole('tab', { name: /Group queue/ }).click();
    await outsider.getByLabel('Search').fill(stamp);
    await outsider.getByLabel('Search').press('Enter');
    const rows = outsider.getByRole('listbox', { name: 'Tasks' }).getByRole('option');
    await expect(rows).toHaveCount(1);
    await expect(rows).toContainText(`Refund ${caseB}`);
    await outsider.goto(`${url()}/inbox?view=group&task=${taskA}`);
    await expect(outsider.getByRole('heading', { name: 'This task is not in your inbox' })).toBeVisible();
    await expect(outsider.getByText(`Refund ${caseA}`)).toHaveCount(0);
  });
});
