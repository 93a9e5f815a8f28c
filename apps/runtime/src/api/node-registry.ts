import { builtinRegistry, type NodeRegistry } from '@trackway/nodes';
import type { Services } from './context.ts';

/** The node types this API validates and compiles with: the loaded packages' when the platform loaded them. */
export function nodeRegistryOf(ctx: Pick<Services, 'nodes'>): NodeRegistry {
  return ctx.nodes ?? builtinRegistry;
}
