import { builtinRegistry } from '@trackway/nodes';
import { z } from 'zod';
import { authedProcedure, router } from '../trpc.ts';

/** Palette entries for the builder: metadata, ports and the config form's JSON Schema. */
export const catalogRouter = router({
  nodeTypes: authedProcedure.query(() =>
    builtinRegistry.all.map((node) => {
      const defaults = node.configSchema.safeParse({});
      return {
        type: node.type,
        version: node.version,
        role: node.role,
        waits: node.waits,
        ...node.palette,
        inputs: node.inputs,
        // Ports that depend on config (switch cases, parallel branches) are computed per node by the builder.
        outputs: defaults.success ? node.outputs(defaults.data) : null,
        configSchema: z.toJSONSchema(node.configSchema, { io: 'input', unrepresentable: 'any' }),
      };
    }),
  ),
});
