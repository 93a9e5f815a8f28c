import type { FlowDefinitionInput } from '@trackway/schema';
import type { Db } from '../db/client.ts';
import { seedFlow } from '../demo/seed.ts';
import type { LoadedNodes } from './load.ts';

/** Publishes the demo flows node packages offer (`export const demoFlows`), like the built-in demos: only when missing. */
export async function seedPackageDemoFlows(db: Db, nodes: LoadedNodes, ownerEmail = 'owner@trackway.local'): Promise<number> {
  const flows = nodes.packages.flatMap((p) => p.demoFlows);
  if (flows.length === 0) return 0;
  const owner = await db.user.findUniqueOrThrow({ where: { email: ownerEmail }, select: { id: true } });
  for (const flow of flows) await seedFlow(db, flow.key, flow.definition as FlowDefinitionInput, owner.id, nodes.registry);
  return flows.length;
}
