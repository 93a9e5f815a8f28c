import pg from 'pg';

/**
 * Inbox data generated inside Postgres with generate_series: 50 groups, 2,000 staff (half of them
 * in two groups), 20,000 customers, 20 flows, and `rows` tasks of which 10% are open. Of those,
 * 80% wait in a group queue (a fifth of them claimed), 15% are assigned to a person, 5% to the
 * manager role. Indexes on tasks are dropped for the load and rebuilt afterwards (how a bulk load
 * is done), then the table is vacuumed and analysed like autovacuum would.
 */
export const GROUPS = 50;
export const USERS = 2_000;
const CUSTOMERS = 20_000;
const FLOWS = 20;
export const OPEN_SHARE = 0.1;

export const TITLES = [
  'Refund request',
  'Address change',
  'Invoice dispute',
  'Contract termination',
  'Complaint',
  'Delivery delay',
  'Technical fault',
  'Upgrade request',
];
const SURNAMES = ['Mueller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Hoffmann', 'Koch'];

export async function generateDirectory(url: string): Promise<void> {
  const db = await connect(url);
  try {
    await db.$executeRawUnsafe(`
    INSERT INTO groups (id, key, name)
    SELECT gen_random_uuid(), 'g' || lpad(g::text, 2, '0'), 'Group ' || g FROM generate_series(0, ${GROUPS - 1}) g`);
    await db.$executeRawUnsafe(`
    INSERT INTO users (id, email, display_name, roles)
    SELECT gen_random_uuid(), 'user' || i || '@bench.test', 'User ' || i, ARRAY['staff']::"Role"[] FROM generate_series(1, ${USERS}) i`);
    await db.$executeRawUnsafe(`
    CREATE TABLE bench_users AS
    SELECT row_number() OVER (ORDER BY u.email) AS n, u.id FROM users u WHERE u.email LIKE 'user%@bench.test'`);
    // Everyone in group (n mod 50); every second person also in a second group.
    await db.$executeRawUnsafe(`
    INSERT INTO group_members (group_id, user_id)
    SELECT g.id, u.id FROM bench_users u JOIN groups g ON g.key = 'g' || lpad(((u.n - 1) % ${GROUPS})::text, 2, '0')
    UNION
    SELECT g.id, u.id FROM bench_users u JOIN groups g ON g.key = 'g' || lpad((((u.n - 1) * 7 + 3) % ${GROUPS})::text, 2, '0')
     WHERE u.n % 2 = 0`);
    await db.$executeRawUnsafe(`
    INSERT INTO customers (id, name)
    SELECT gen_random_uuid(), (ARRAY[${SURNAMES.map((s) => `'${s}'`).join(',')}])[1 + (i % ${SURNAMES.length})] || ' Customer ' || i
      FROM generate_series(1, ${CUSTOMERS}) i`);
    await db.$executeRawUnsafe(`
    CREATE TABLE bench_customers AS SELECT row_number() OVER (ORDER BY c.name) AS n, c.id, c.name FROM customers c`);
    await db.$executeRawUnsafe(`
    INSERT INTO flows (id, key, name, owner_id, draft, updated_at)
    SELECT gen_random_uuid(), 'bench-flow-' || f, 'Bench flow ' || f, (SELECT id FROM bench_users WHERE n = 1), '{}'::jsonb, now()
      FROM generate_series(1, ${FLOWS}) f`);
    await db.$executeRawUnsafe(
      `CREATE TABLE bench_flows AS SELECT row_number() OVER (ORDER BY key) AS n, id FROM flows WHERE key LIKE 'bench-flow-%'`,
    );
    for (const t of ['bench_users', 'bench_customers', 'bench_flows']) await db.$executeRawUnsafe(`CREATE UNIQUE INDEX ON ${t} (n)`);
  } finally {
    await db.end();
  }
}

/** One session (settings like setseed and maintenance_work_mem hold across statements), with Prisma's method names. */
async function connect(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    $executeRawUnsafe: async (text: string) => void (await client.query(text)),
    $queryRawUnsafe: async <T>(text: string) => (await client.query(text)).rows as T,
    end: () => client.end(),
  };
}

export async function generateTasks(url: string, rows: number): Promise<{ indexes: number }> {
  const db = await connect(url);
  try {
    const indexes = await db.$queryRawUnsafe<Array<{ indexname: string; indexdef: string }>>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'tasks' AND indexname <> 'tasks_pkey'`,
    );
    for (const { indexname } of indexes) await db.$executeRawUnsafe(`DROP INDEX "${indexname}"`);
    await db.$executeRawUnsafe(`SELECT setseed(0.42)`);
    await db.$executeRawUnsafe(`
    INSERT INTO tasks (id, dedupe_key, run_id, flow_id, workflow_id, node_id, title, search_text, instructions, form, outcomes,
                       assignee_id, group_key, role, status, priority, due_at, sla, customer_id, context, claimed_by,
                       completed_by, outcome, created_at, updated_at, completed_at)
    SELECT gen_random_uuid(), 'bench/' || r.i, gen_random_uuid(), f.id, 'bench:' || r.i, 'triage',
           r.title, lower(r.title || COALESCE(' ' || c.name, '')), '', '[]'::jsonb, ARRAY['done', 'rejected'],
           CASE WHEN r.addr = 'user' THEN a.id END,
           CASE WHEN r.addr = 'group' THEN 'g' || lpad(floor(r.r_group * ${GROUPS})::text, 2, '0') END,
           CASE WHEN r.addr = 'role' THEN 'manager'::"Role" END,
           r.status::"TaskStatus", r.priority,
           CASE WHEN r.r_due < 0.7 THEN r.created_at + (1 + r.r_due * 12) * interval '1 day' END,
           CASE WHEN r.r_due < 0.35 THEN jsonb_build_object(
                  'breached', r.r_sla < 0.15, 'warned', CASE WHEN r.r_sla < 0.35 THEN '[80]'::jsonb ELSE '[]'::jsonb END,
                  'paused', false, 'target', r.created_at + interval '2 days') END,
           c.id, '{}'::jsonb,
           CASE WHEN r.status = 'open' AND r.addr = 'group' AND r.r_claim < 0.2 THEN cl.id END,
           CASE WHEN r.status = 'completed' THEN cl.id END,
           CASE WHEN r.status = 'completed' THEN 'done' END,
           r.created_at, r.created_at,
           CASE WHEN r.status <> 'open' THEN r.created_at + interval '1 day' END
      FROM (
        SELECT i,
               (ARRAY[${TITLES.map((t) => `'${t}'`).join(',')}])[1 + floor(random() * ${TITLES.length})::int] || ' #' || i AS title,
               CASE WHEN s < ${OPEN_SHARE} THEN 'open' WHEN s < 0.93 THEN 'completed' WHEN s < 0.98 THEN 'cancelled' ELSE 'timed_out' END AS status,
               CASE WHEN ad < 0.8 THEN 'group' WHEN ad < 0.95 THEN 'user' ELSE 'role' END AS addr,
               CASE WHEN p < 0.1 THEN 4 WHEN p < 0.3 THEN 3 WHEN p < 0.8 THEN 2 ELSE 1 END AS priority,
               -- Open work is recent; closed work spreads over a year.
               now() - (CASE WHEN s < ${OPEN_SHARE} THEN 30 ELSE 365 END) * random() * interval '1 day' AS created_at,
               random() AS r_group, random() AS r_due, random() AS r_sla, random() AS r_claim,
               1 + floor(random() * ${USERS})::int AS user_n, 1 + floor(random() * ${USERS})::int AS claimer_n,
               CASE WHEN random() < 0.6 THEN 1 + floor(random() * ${CUSTOMERS})::int END AS customer_n,
               1 + floor(random() * ${FLOWS})::int AS flow_n
          FROM (SELECT i, random() AS s, random() AS ad, random() AS p FROM generate_series(1, ${rows}) i) base
      ) r
      JOIN bench_flows f ON f.n = r.flow_n
      JOIN bench_users a ON a.n = r.user_n
      JOIN bench_users cl ON cl.n = r.claimer_n
      LEFT JOIN bench_customers c ON c.n = r.customer_n`);
    await db.$executeRawUnsafe(`SET maintenance_work_mem = '512MB'`);
    for (const { indexdef } of indexes) await db.$executeRawUnsafe(indexdef);
    await db.$executeRawUnsafe(`VACUUM (ANALYZE) tasks`);
    await db.$executeRawUnsafe(`VACUUM (ANALYZE) group_members`);
    await db.$executeRawUnsafe(`VACUUM (ANALYZE) users`);
    // Write the load out now, so the checkpoint it causes does not land in the middle of the measurements.
    await db.$executeRawUnsafe(`CHECKPOINT`).catch(() => undefined);
    return { indexes: indexes.length };
  } finally {
    await db.end();
  }
}
