/** Small graph algorithms over node ids; pure, order-preserving so results are deterministic. */
export type Adjacency = ReadonlyMap<string, readonly string[]>;

export function reachableFrom(adjacency: Adjacency, from: readonly string[], stopAt?: ReadonlySet<string>): Set<string> {
  const seen = new Set<string>();
  const queue = [...from];
  // A read index, not shift(), which may move the rest of the queue on every call.
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head] as string;
    if (seen.has(id)) continue;
    seen.add(id);
    if (stopAt?.has(id)) continue;
    for (const next of adjacency.get(id) ?? []) if (!seen.has(next)) queue.push(next);
  }
  return seen;
}

/** Tarjan's strongly connected components, iterative so a 5,000-node chain cannot overflow the stack. */
export function stronglyConnectedComponents(ids: readonly string[], adjacency: Adjacency): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;

  for (const root of ids) {
    if (index.has(root)) continue;
    const work: Array<{ id: string; next: number }> = [{ id: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter);
    counter += 1;
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1] as { id: string; next: number };
      const successors = adjacency.get(frame.id) ?? [];
      if (frame.next < successors.length) {
        const succ = successors[frame.next] as string;
        frame.next += 1;
        if (!index.has(succ)) {
          index.set(succ, counter);
          low.set(succ, counter);
          counter += 1;
          stack.push(succ);
          onStack.add(succ);
          work.push({ id: succ, next: 0 });
        } else if (onStack.has(succ)) {
          low.set(frame.id, Math.min(low.get(frame.id) as number, index.get(succ) as number));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id) as number, low.get(frame.id) as number));
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: string[] = [];
        let member: string | undefined;
        do {
          member = stack.pop() as string;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.id);
        components.push(component.reverse());
      }
    }
  }
  return components;
}
