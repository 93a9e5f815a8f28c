import { expect, test, type Page } from '@playwright/test';
import type { FlowDefinitionInput } from '@trackway/schema';

/**
 * Comparing versions on the real platform: two published versions and a draft, compared in the
 * Versions tab on a read-only diff canvas beside the list of changes.
 */
const url = () => process.env.TRACKWAY_E2E_URL as string;
const token = () => process.env.TRACKWAY_E2E_TOKEN as string;

async function api<T>(page: Page, procedure: string, input: unknown): Promise<T> {
  const response = await page.request.post(`${url()}/trpc/${procedure}`, { headers: { authorization: `Bearer ${token()}` }, data: input });
  expect(response.ok(), await response.text()).toBe(true);
  return ((await response.json()) as { result: { data: T } }).result.data;
}

const node = (id: string, type: string, x: number, y: number, config: Record<string, unknown> = {}) => ({
  id,
  type,
  typeVersion: 1,
  label: id === 'check' ? 'Big refund?' : id,
  position: { x, y },
  config,
});
const edge = (source: string, target: string, sourcePort = 'next') => ({
  id: `${source}-${sourcePort}-${target}`,
  source,
  sourcePort,
  target,
});

function refunds(expression: string, withNotify: boolean): FlowDefinitionInput {
  return {
    schemaVersion: 1,
    metadata: { name: 'Refunds compared' },
    input: { fields: [{ name: 'amount', type: 'number', required: true }] },
    nodes: [
      node('start', 'start', 0, 0),
      node('check', 'condition', 0, 150, { expression }),
      node('end', 'end', -160, 320),
      ...(withNotify
        ? [node('tell', 'notify', 160, 320, { to: 'ops@example.test', subject: 'Small refund' }), node('done', 'end', 160, 480)]
        : [node('end_small', 'end', 160, 320)]),
    ],
    edges: [
      edge('start', 'check'),
      edge('check', 'end', 'true'),
      ...(withNotify ? [edge('check', 'tell', 'false'), edge('tell', 'done')] : [edge('check', 'end_small', 'false')]),
    ],
  };
}

test('compares two published versions on a read-only diff canvas', async ({ page }) => {
  const key = `diff-${Date.now().toString(36)}`;
  const flow = await api<{ id: string; draftRevision: number }>(page, 'flows.create', { key, name: 'Refunds compared' });
  await api(page, 'flows.saveDraft', { id: flow.id, revision: 1, definition: refunds('input.amount > 100', false) });
  await api(page, 'flows.publish', { id: flow.id, note: 'first' });
  await api(page, 'flows.saveDraft', { id: flow.id, revision: 2, definition: refunds('input.amount > 500', true) });
  await api(page, 'flows.publish', { id: flow.id, note: 'notify small refunds' });

  await page.addInitScript((t) => {
    (globalThis as unknown as { sessionStorage: { setItem(key: string, value: string): void } }).sessionStorage.setItem(
      'trackway.token',
      t,
    );
  }, token());
  await page.goto(`${url()}/flows/${flow.id}`);
  await expect(page.locator('.react-flow__node[data-id="start"]')).toBeVisible();
  await page.getByRole('tab', { name: 'Versions' }).click();

  await test.step('pick version 1 against version 2', async () => {
    const compare = page.getByRole('form', { name: 'Compare' });
    await expect(compare.getByLabel('From', { exact: true })).toHaveValue('v2');
    await expect(compare.getByLabel('To', { exact: true })).toHaveValue('draft');
    await compare.getByLabel('From', { exact: true }).selectOption('v1');
    await compare.getByLabel('To', { exact: true }).selectOption('v2');
    await compare.getByRole('button', { name: 'Show differences' }).click();
  });

  const dialog = page.getByRole('dialog', { name: 'Changes from version 1 to version 2' });
  const diffNode = (id: string) => dialog.locator(`.react-flow__node[data-id="${id}"]`);

  await test.step('added green, removed as a ghost where it was, changed amber', async () => {
    await expect(dialog.getByRole('status')).toContainText('4 added');
    await expect(diffNode('tell')).toHaveClass(/diff-added/);
    await expect(diffNode('done')).toHaveClass(/diff-added/);
    await expect(diffNode('check')).toHaveClass(/diff-changed/);
    await expect(diffNode('end_small')).toHaveClass(/diff-removed/);
    await expect(diffNode('end_small')).toContainText('Removed');
    await expect(diffNode('start')).not.toHaveClass(/diff-(added|removed|changed)/);
    await expect(dialog.getByRole('group', { name: 'Connection from Big refund? (no) to end_small: removed' })).toHaveCount(1);
    await expect(dialog.getByRole('group', { name: 'Connection from Big refund? (no) to tell: added' })).toHaveCount(1);
    // The designer's own canvas underneath is untouched.
    await expect(page.locator('.canvas .react-flow__node[data-id="end_small"]')).toHaveCount(0);
  });

  await test.step('the list names each field change, and a pick centres the canvas', async () => {
    const changes = dialog.getByRole('list', { name: 'Changes to Big refund?' });
    await expect(changes).toContainText('config.expression');
    await expect(changes.locator('del')).toHaveText('"input.amount > 100"');
    await expect(changes.locator('ins')).toHaveText('"input.amount > 500"');
    await dialog.getByRole('button', { name: 'tell', exact: true }).click();
    await expect(dialog.getByRole('button', { name: 'tell', exact: true }).locator('xpath=ancestor::li')).toHaveAttribute(
      'aria-current',
      'true',
    );
    await page.screenshot({ path: 'test-results/screenshots/6-version-diff.png' });
  });

  await test.step('Escape closes it; a version compares with the draft in one click', async () => {
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await page.getByRole('button', { name: 'Compare version 2 with the current draft' }).click();
    const same = page.getByRole('dialog', { name: 'Changes from version 2 to the current draft' });
    await expect(same).toContainText('No differences');
  });
});
