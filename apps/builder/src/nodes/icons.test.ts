import { builtinNodes } from '@trackway/nodes';
import { describe, expect, it } from 'vitest';
import { hasIcon } from './icons.tsx';

describe('node icons', () => {
  it('every built-in node type has its own icon in the palette', () => {
    const missing = builtinNodes.filter((node) => !hasIcon(node.palette.icon)).map((node) => `${node.type} (${node.palette.icon})`);
    expect(missing).toEqual([]);
  });
});
