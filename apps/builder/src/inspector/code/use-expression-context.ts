import { useMemo } from 'react';
import { useDesigner } from '../../store/context.tsx';
import type { ExpressionContext } from './language.ts';

/** Names an expression in the open flow may use, for completion and the undeclared-name check. */
export function useExpressionContext(): ExpressionContext {
  const variables = useDesigner((s) => s.definition.variables);
  const inputFields = useDesigner((s) => s.definition.input.fields);
  // Node ids, labels and types only, as one string: positions change on every drag frame and must
  // neither rebuild this nor re-render the inspector that uses it.
  const nodeKey = useDesigner((s) => s.definition.nodes.map((n) => `${n.id}\u0001${n.label}\u0001${n.type}`).join('\u0002'));
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
