import { useMemo } from 'react';
import { useDesigner } from '../../store/context.tsx';
import type { ExpressionContext } from './language.ts';

/** Names an expression in the open flow may use, for completion and the undeclared-name check. */
export function useExpressionContext(): ExpressionContext {
  const variables = useDesigner((s) => s.definition.variables);
  const inputFields = useDesigner((s) => s.definition.input.fields);
  const nodes = useDesigner((s) => s.definition.nodes);
  // Node ids and labels only: positions change on every drag and must not rebuild this.
  const nodeKey = nodes.map((n) => `${n.id}\u0001${n.label}\u0001${n.type}`).join('\u0002');
  const nodeList = useMemo(
    () =>
      nodeKey
        ? nodeKey.split('\u0002').map((entry) => {
            const [id = '', label = '', type = ''] = entry.split('\u0001');
            return { id, label, type };
          })
        : [],
    [nodeKey],
  );
  return useMemo(
    () => ({
      variables: variables.map((v) => ({ name: v.name, type: v.type })),
      inputFields: inputFields.map((f) => ({ name: f.name, type: f.type })),
      nodes: nodeList,
    }),
    [variables, inputFields, nodeList],
  );
}
