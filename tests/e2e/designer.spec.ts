import { expect, test, type Locator, type Page } from '@playwright/test';

/**
 * A process owner's journey through the designer, on the real platform (Postgres, Temporal dev
 * server, worker, API serving the built app; see global-setup.ts): sign in with e-mail and password, create a flow, drag
 * nodes from the palette, connect them, see and fix a validation error, write a condition in
 * Monaco, publish, start a test run and watch it complete on the canvas.
 */
const url = () => process.env.TRACKWAY_E2E_URL as string;
const token = () => process.env.TRACKWAY_E2E_TOKEN as string;
const email = () => process.env.TRACKWAY_E2E_EMAIL as string;
const password = () => process.env.TRACKWAY_E2E_PASSWORD as string;

const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/screenshots/${name}.png` });

/** The canvas node with this id (React Flow's wrapper carries it as data-id). */
const nodeOnCanvas = (page: Page, id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);

/** Drags a connection from one handle to another with real pointer events. */
async function connect(page: Page, from: Locator, to: Locator) {
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  if (!a || !b) throw new Error('handle not visible');
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 10 });
  await page.mouse.up();
}

test('a process owner builds, fixes, publishes and test-runs a flow', async ({ page }) => {
  const flowName = `Refund check ${Date.now().toString(36)}`;

  await test.step('sign in with e-mail and password', async () => {
    await page.goto(url());
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await page.getByLabel('E-mail').fill(email());
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toContainText('e-mail address or the password is not right');
    await page.getByLabel('Password').fill(password());
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: 'Flows', exact: true })).toBeVisible();
  });

  await test.step('create a flow', async () => {
    await page.getByRole('button', { name: 'New flow' }).click();
    const dialog = page.getByRole('dialog', { name: 'New flow' });
    await dialog.getByLabel('Name').fill(flowName);
    await expect(dialog.getByLabel('Key')).toHaveValue(/^refund-check-/);
    await dialog.getByRole('button', { name: 'Create flow' }).click();
    await expect(page.getByRole('toolbar', { name: 'Designer' })).toContainText(flowName);
    await expect(nodeOnCanvas(page, 'start')).toBeVisible();
  });

  await test.step('declare the input the condition will read', async () => {
    await page.getByRole('tab', { name: 'Flow' }).click();
    await page.getByRole('button', { name: 'Add input field' }).click();
    await page.getByLabel('Input field 1 name').fill('amount');
    await page.getByLabel('Input field 1 type').selectOption('number');
    await page.getByRole('group', { name: 'Input field 1' }).getByLabel('required').check();
  });

  await test.step('drag a condition and a second end from the palette', async () => {
    const pane = page.locator('.react-flow__pane');
    const box = await pane.boundingBox();
    if (!box) throw new Error('canvas not visible');
    await page
      .getByRole('button', { name: /^Add Condition/ })
      .dragTo(pane, { targetPosition: { x: box.width * 0.78, y: box.height * 0.3 } });
    await expect(nodeOnCanvas(page, 'condition_1')).toBeVisible();
    await page.getByRole('button', { name: /^Add End/ }).dragTo(pane, { targetPosition: { x: box.width * 0.2, y: box.height * 0.62 } });
    await expect(nodeOnCanvas(page, 'end_1')).toBeVisible();
  });

  await test.step('see the validation error on the canvas', async () => {
    const condition = nodeOnCanvas(page, 'condition_1');
    await expect(condition.getByRole('img', { name: '1 error' })).toBeVisible();
    await expect(condition).toContainText('enter an expression');
    const problems = page.getByRole('region', { name: 'Problems' });
    await expect(problems).toContainText('expression: enter an expression');
    await expect(problems).toContainText('No path from the start reaches this node');
  });

  await test.step('re-wire: start -> condition, yes -> end, no -> the new end', async () => {
    // The start's only output is taken: the canvas refuses a second connection and says why.
    await connect(page, page.getByLabel('Output next of Start'), page.getByLabel('Input of Condition'));
    await expect(page.locator('.connection-hint')).toContainText('connected more than once');
    await expect(page.getByRole('group', { name: 'Connection from Start to Condition' })).toHaveCount(0);

    await page.getByRole('group', { name: 'Connection from Start to End' }).first().click();
    await page.keyboard.press('Delete');
    await expect(page.getByRole('group', { name: 'Connection from Start to End' })).toHaveCount(0);

    await connect(page, page.getByLabel('Output next of Start'), page.getByLabel('Input of Condition'));
    await connect(page, page.getByLabel('Output yes of Condition'), nodeOnCanvas(page, 'end').getByLabel('Input of End'));
    await connect(page, page.getByLabel('Output no of Condition'), nodeOnCanvas(page, 'end_1').getByLabel('Input of End'));
    await expect(page.getByRole('group', { name: /^Connection from / })).toHaveCount(3);
    await page.getByRole('button', { name: 'Auto-layout' }).click();
    await expect(page.getByRole('button', { name: 'Auto-layout' })).toHaveText('Auto-layout');
    await shot(page, '1-validation-error');
  });

  await test.step('fix it: click the problem, write the condition in Monaco', async () => {
    await page
      .getByRole('region', { name: 'Problems' })
      .getByRole('button', { name: /enter an expression/ })
      .click();
    await expect(page.getByLabel('Label', { exact: true })).toHaveValue('Condition');
    const editor = page.getByRole('textbox', { name: 'Expression' });
    await expect(editor).toBeAttached();
    await page.locator('.code-editor .view-lines').first().click();
    await page.keyboard.type('input.amout > 100');
    // The editor itself points at the typo before anything is saved.
    await expect(page.locator('.code-editor .squiggly-error').first()).toBeVisible();
    await expect(page.getByRole('region', { name: 'Problems' })).toContainText('input field "amout" is not declared');
    await shot(page, '2-monaco-diagnostic');
    await page.keyboard.press('Escape');
    for (let i = 0; i < 'ut > 100'.length; i += 1) await page.keyboard.press('Backspace');
    await page.keyboard.type('unt > 100');
    await expect(nodeOnCanvas(page, 'condition_1').getByRole('img', { name: /error/ })).toHaveCount(0);
    await expect(page.getByRole('region', { name: 'Problems' })).toContainText('No problems');
    await expect(nodeOnCanvas(page, 'condition_1')).toContainText('input.amount > 100');
  });

  await test.step('publish with a note', async () => {
    await expect(page.getByRole('status').filter({ hasText: /Saved|All changes saved/ })).toBeVisible();
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Publish' });
    await dialog.getByLabel('Note').fill('First version: refunds over 100 take the yes path');
    await dialog.getByRole('button', { name: 'Publish' }).click();
    await expect(dialog.getByRole('status')).toHaveText('Published version 1.');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect(page.getByRole('toolbar', { name: 'Designer' })).toContainText('Published v1');
  });

  await test.step('start a test run with input and watch it complete', async () => {
    await page.getByRole('button', { name: 'Test run' }).click();
    const dialog = page.getByRole('dialog', { name: 'Test run' });
    await dialog.getByRole('button', { name: 'Start run' }).click();
    await expect(dialog).toContainText('Amount is required');
    await dialog.getByLabel('Amount').fill('250');
    await dialog.getByRole('button', { name: 'Start run' }).click();
    await expect(page).toHaveURL(/\?run=/);
    const banner = page.getByRole('status', { name: 'Test run' });
    await expect(banner.locator('.run-status')).toHaveText('completed', { timeout: 60_000 });
    await expect(nodeOnCanvas(page, 'condition_1').locator('.tw-node')).toHaveClass(/run-completed/);
    await expect(nodeOnCanvas(page, 'end').locator('.tw-node')).toHaveClass(/run-completed/);
    await expect(nodeOnCanvas(page, 'end_1').locator('.tw-node')).not.toHaveClass(/run-/);
    await expect(page.getByRole('group', { name: 'Connection from Condition (yes) to End' }).locator('path.is-taken')).toHaveCount(1);
    await expect(page.getByRole('group', { name: 'Connection from Condition (no) to End' }).locator('path.is-taken')).toHaveCount(0);
    await nodeOnCanvas(page, 'condition_1').click();
    const details = page.getByRole('region', { name: 'Step details' });
    await expect(details).toContainText('"taken": true');
    await shot(page, '3-run-completed');
  });

  await test.step('the run is listed on the runs page', async () => {
    await page.getByRole('link', { name: 'Runs' }).click();
    await expect(page.getByRole('table', { name: 'Runs' })).toContainText(flowName);
    await expect(page.getByRole('table', { name: 'Runs' })).toContainText('completed');
    await shot(page, '4-runs');
  });
});

/** Calls the API directly (tRPC over HTTP, no batching), as another tab or client would. */
async function api<T>(page: Page, procedure: string, input: unknown, kind: 'query' | 'mutation' = 'mutation'): Promise<T> {
  const headers = { authorization: `Bearer ${token()}` };
  const response =
    kind === 'mutation'
      ? await page.request.post(`${url()}/trpc/${procedure}`, { headers, data: input })
      : await page.request.get(`${url()}/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`, { headers });
  expect(response.ok(), await response.text()).toBe(true);
  return ((await response.json()) as { result: { data: T } }).result.data;
}

test('editing keys, and a draft changed elsewhere is never overwritten', async ({ page }) => {
  const key = `conflict-${Date.now().toString(36)}`;
  const flow = await api<{ id: string; draftRevision: number }>(page, 'flows.create', { key, name: `Conflict ${key}` });
  // Signed in already (the sign-in screen is covered above): the token the app keeps in sessionStorage.
  await page.addInitScript((t) => {
    (globalThis as unknown as { sessionStorage: { setItem(key: string, value: string): void } }).sessionStorage.setItem(
      'trackway.token',
      t,
    );
  }, token());
  await page.goto(`${url()}/flows/${flow.id}`);
  await expect(nodeOnCanvas(page, 'start')).toBeVisible();

  await test.step('click-to-add after the selection, undo and redo it', async () => {
    await nodeOnCanvas(page, 'start').click();
    await page.getByRole('button', { name: /^Add Delay/ }).click();
    await expect(nodeOnCanvas(page, 'delay_1')).toBeVisible();
    await expect(page.getByRole('group', { name: 'Connection from Start to Delay' })).toHaveCount(1);
    await expect(page.getByRole('group', { name: 'Connection from Delay to End' })).toHaveCount(1);
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('Control+z');
    await expect(nodeOnCanvas(page, 'delay_1')).toHaveCount(0);
    await expect(page.getByRole('group', { name: 'Connection from Start to End' })).toHaveCount(1);
    await page.keyboard.press('Control+Shift+z');
    await expect(nodeOnCanvas(page, 'delay_1')).toBeVisible();
  });

  await test.step('copy and paste gets fresh ids', async () => {
    await nodeOnCanvas(page, 'delay_1').click();
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    await expect(nodeOnCanvas(page, 'delay_2')).toBeVisible();
    await expect(page.getByRole('region', { name: 'Problems' })).toContainText('No path from the start reaches this node');
    await page.keyboard.press('Delete');
    await expect(nodeOnCanvas(page, 'delay_2')).toHaveCount(0);
    await expect(page.getByRole('status').filter({ hasText: /^Saved/ })).toBeVisible();
  });

  await test.step('zoomed far out, nodes draw as boxes without labels and can still be selected', async () => {
    const delay = nodeOnCanvas(page, 'delay_1');
    const title = delay.locator('.tw-node-title');
    await expect(title).toBeVisible();
    // Eight steps of 1/1.2 from at most 100% end below FAR_ZOOM (0.4).
    for (let i = 0; i < 8; i++) await page.getByRole('button', { name: 'Zoom Out' }).click();
    await expect(page.locator('.canvas.is-far')).toHaveCount(1);
    await expect(title).toBeHidden();
    await expect(delay).toHaveAttribute('aria-label', /Delay/);
    await delay.click();
    await expect(delay.locator('.tw-node')).toHaveClass(/is-selected/);
    await page.getByRole('button', { name: 'Fit View' }).click();
    await expect(page.locator('.canvas.is-far')).toHaveCount(0);
    await expect(title).toBeVisible();
  });

  await test.step('another client saves first: the designer says so and keeps its hands off', async () => {
    const current = await api<{ draftRevision: number; draft: { metadata: { name: string } } }>(
      page,
      'flows.get',
      { id: flow.id },
      'query',
    );
    await api(page, 'flows.saveDraft', {
      id: flow.id,
      revision: current.draftRevision,
      definition: { ...current.draft, metadata: { ...current.draft.metadata, name: 'Renamed elsewhere' } },
    });
    await page.getByRole('tab', { name: 'Flow' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Renamed here');
    await expect(page.getByRole('alert').filter({ hasText: 'changed elsewhere — reload' })).toBeVisible();
    const after = await api<{ draft: { metadata: { name: string } } }>(page, 'flows.get', { id: flow.id }, 'query');
    expect(after.draft.metadata.name).toBe('Renamed elsewhere');
    await shot(page, '5-conflict');
    await page.getByRole('button', { name: 'Reload' }).click();
    await expect(page.getByLabel('Name', { exact: true })).toHaveValue('Renamed elsewhere');
    await expect(page.getByRole('alert').filter({ hasText: 'changed elsewhere' })).toHaveCount(0);
  });

  await test.step('duplicate and archive from the flows list', async () => {
    await page.getByRole('link', { name: 'Back to flows' }).click();
    await page.getByLabel('Search flows').fill(key);
    await page.getByRole('button', { name: 'Duplicate Renamed elsewhere' }).click();
    const table = page.getByRole('table', { name: 'Flows' });
    await expect(table.getByRole('link', { name: 'Renamed elsewhere (copy)' })).toBeVisible();
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Archive Renamed elsewhere (copy)' }).click();
    await expect(table.getByRole('link', { name: 'Renamed elsewhere (copy)' })).toHaveCount(0);
  });
});
