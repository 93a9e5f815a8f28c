import { z } from 'zod';
import { nodeRegistryOf } from '../node-registry.ts';
import { authedProcedure, router } from '../trpc.ts';

/** Palette entries for the builder: metadata, ports and the config form's JSON Schema. */
export const catalogRouter = router({
  // The latest version of each type: flows saved with older ones are upgraded when validated and published.
  nodeTypes: authedProcedure.query(({ ctx }) =>
    nodeRegistryOf(ctx).latest.map((node) => {
      const defaults = node.configSchema.safeParse({});
      return {
        type: node.type,
        version: node.version,
        role: node.role,
        waits: node.waits,
        ...node.palette,
        inputs: node.inputs,
        // Ports that depend on config (switch cases, parallel branches) are computed per node by the builder.
        // Action nodes' ports never depend on config.
        outputs: defaults.success ? node.outputs(defaults.data) : node.action ? node.outputs({}) : null,
        configSchema: z.toJSONSchema(node.configSchema, { io: 'input', unrepresentable: 'any' }),
        // What steps.<id> holds, for autocompletion; null when the node does not say.
        outputSchema: node.outputSchema ? z.toJSONSchema(node.outputSchema, { io: 'output', unrepresentable: 'any' }) : null,
      };
    }),
  ),
});
