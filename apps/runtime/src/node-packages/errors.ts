/**
 * Why a node package cannot be loaded. Start refuses a platform with a broken package (rather than
 * running without it), and says which package broke which rule, so its author knows what to fix.
 */
export type NodePackageRule =
  | 'package-json'
  | 'entry'
  | 'load'
  | 'nodes-export'
  | 'definition'
  | 'duplicate-type'
  | 'versions'
  | 'activities'
  | 'workflow-determinism'
  | 'workflow-bundle';

export interface NodePackageProblem {
  /** Package name, or the folder when package.json gives none. */
  readonly package: string;
  readonly dir: string;
  readonly rule: NodePackageRule;
  readonly message: string;
}

export class NodePackagesError extends Error {
  constructor(readonly problems: readonly NodePackageProblem[]) {
    super(
      [
        `${problems.length === 1 ? 'A node package is' : 'Node packages are'} broken; fix ${problems.length === 1 ? 'it' : 'them'}, or take ${problems.length === 1 ? 'it' : 'them'} out of nodes/ and TRACKWAY_NODE_PACKAGES:`,
        ...problems.map((p) => `  - ${p.package} (${p.dir}) [${p.rule}]: ${p.message}`),
      ].join('\n'),
    );
    this.name = 'NodePackagesError';
  }
}
