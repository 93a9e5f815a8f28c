import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';
import ts from 'typescript';
import type { NodePackageProblem } from './errors.ts';
import type { NodePackageManifest } from './manifest.ts';

/**
 * The determinism rules for a package's workflow code (its "." entry and everything it imports),
 * checked before anything is bundled: Temporal replays workflow code, so it must not reach the
 * outside world. Every module in the import graph is resolved (esbuild, which reads TypeScript),
 * and the package's own files are parsed for Node.js globals (TypeScript's parser).
 */

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** Libraries whose whole purpose is I/O: network, databases, mail, Temporal's non-workflow parts. */
const IO_MODULES = [
  '@trackway/nodes/http',
  '@trackway/nodes/activity',
  '@temporalio/activity',
  '@temporalio/client',
  '@temporalio/worker',
  '@prisma/client',
  'undici',
  'axios',
  'node-fetch',
  'got',
  'ky',
  'ws',
  'pg',
  'mysql2',
  'mongodb',
  'redis',
  'ioredis',
  'nodemailer',
];

const GLOBALS: Record<string, string> = {
  process: 'the worker process is not part of a workflow; put settings in the node config',
  require: 'CommonJS loading does not exist in the workflow sandbox; use import',
  __dirname: 'there are no files in the workflow sandbox',
  __filename: 'there are no files in the workflow sandbox',
  global: 'the Node.js global object does not exist in the workflow sandbox',
  Buffer: 'Buffer is a Node.js global; use Uint8Array and TextEncoder',
  fetch: 'network I/O gives different answers on replay; do it in the package activity',
  XMLHttpRequest: 'network I/O gives different answers on replay; do it in the package activity',
  WebSocket: 'network I/O gives different answers on replay; do it in the package activity',
};
const GLOBAL_OBJECTS = new Set(['globalThis', 'global', 'window', 'self']);

interface Violation {
  readonly importer: string;
  readonly specifier: string;
  readonly kind: 'builtin' | 'io';
}

export async function checkWorkflowCode(pkg: NodePackageManifest): Promise<NodePackageProblem[]> {
  const problems: NodePackageProblem[] = [];
  const problem = (message: string): void => {
    problems.push({ package: pkg.name, dir: pkg.label, rule: 'workflow-determinism', message });
  };
  const violations: Violation[] = [];
  const guard: Plugin = {
    name: 'trackway-determinism',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        const kind = BUILTINS.has(args.path)
          ? 'builtin'
          : IO_MODULES.some((m) => args.path === m || args.path.startsWith(`${m}/`))
            ? 'io'
            : undefined;
        if (!kind) return undefined;
        violations.push({ importer: args.importer, specifier: args.path, kind });
        return { path: args.path, external: true };
      });
    },
  };
  let inputs: Record<string, { imports: Array<{ path: string }> }>;
  try {
    const result = await build({
      entryPoints: [pkg.workflowEntry],
      absWorkingDir: pkg.dir,
      bundle: true,
      write: false,
      metafile: true,
      platform: 'neutral',
      format: 'esm',
      mainFields: ['module', 'main'],
      logLevel: 'silent',
      plugins: [guard],
    });
    inputs = result.metafile.inputs;
  } catch (error) {
    const errors = (error as { errors?: Array<{ text: string; location?: { file: string; line: number } | null }> }).errors;
    const detail = errors?.length
      ? errors
          .slice(0, 5)
          .map((e) => (e.location ? `${e.location.file}:${e.location.line}: ${e.text}` : e.text))
          .join('; ')
      : (error as Error).message;
    problem(`the workflow code does not build: ${detail}`);
    return problems;
  }

  const own = (file: string) => {
    const abs = path.resolve(pkg.dir, file);
    return abs.startsWith(pkg.dir + path.sep) && !abs.includes(`${path.sep}node_modules${path.sep}`);
  };
  const entryKey = path.relative(pkg.dir, pkg.workflowEntry).split(path.sep).join('/');
  for (const v of violations) {
    const importer = path.relative(pkg.dir, v.importer).split(path.sep).join('/');
    const chain = importChain(inputs, entryKey, importer);
    const via = chain.length > 1 ? ` (reached from the workflow entry through ${chain.join(' -> ')})` : '';
    problem(
      v.kind === 'builtin'
        ? `${importer}${via} imports "${v.specifier}", a Node.js built-in. Workflow code is replayed and must be deterministic: do I/O in the package's activities (exports["./activities"]).`
        : `${importer}${via} imports "${v.specifier}", which does I/O. Workflow code is replayed and must be deterministic: use it in the package's activities (exports["./activities"]).`,
    );
  }
  for (const file of Object.keys(inputs).filter(own)) {
    const abs = path.resolve(pkg.dir, file);
    for (const hit of forbiddenGlobals(abs, fs.readFileSync(abs, 'utf8'))) {
      problem(`${file}:${hit.line} uses \`${hit.name}\`: ${GLOBALS[hit.name]}. Workflow code is replayed and must be deterministic.`);
    }
  }
  return problems;
}

/** entry -> ... -> target through the bundle's import graph (shortest), for messages. */
function importChain(inputs: Record<string, { imports: Array<{ path: string }> }>, entry: string, target: string): string[] {
  const previous = new Map<string, string>([[entry, '']]);
  const queue = [entry];
  while (queue.length > 0) {
    const at = queue.shift() as string;
    if (at === target) break;
    for (const next of inputs[at]?.imports ?? []) {
      if (previous.has(next.path)) continue;
      previous.set(next.path, at);
      queue.push(next.path);
    }
  }
  if (!previous.has(target)) return [target];
  const chain = [target];
  for (let at = previous.get(target); at; at = previous.get(at)) chain.unshift(at);
  return chain;
}

/** Uses of Node.js globals in one file: identifiers in value positions that the file does not declare itself. */
export function forbiddenGlobals(file: string, text: string): Array<{ name: string; line: number }> {
  const kind = file.endsWith('.tsx')
    ? ts.ScriptKind.TSX
    : file.endsWith('.ts') || file.endsWith('.mts')
      ? ts.ScriptKind.TS
      : ts.ScriptKind.JS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  const declared = new Set<string>();
  const candidates: Array<{ node: ts.Identifier; viaGlobalObject: boolean }> = [];
  const visit = (node: ts.Node): void => {
    if (ts.isTypeNode(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) return;
    if (ts.isIdentifier(node) && Object.hasOwn(GLOBALS, node.text)) {
      const parent = node.parent;
      if (isDeclarationName(node)) declared.add(node.text);
      else if (ts.isPropertyAccessExpression(parent) && parent.name === node) {
        if (ts.isIdentifier(parent.expression) && GLOBAL_OBJECTS.has(parent.expression.text))
          candidates.push({ node, viaGlobalObject: true });
      } else if (!isPropertyName(node)) candidates.push({ node, viaGlobalObject: false });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return candidates
    .filter((c) => c.viaGlobalObject || !declared.has(c.node.text))
    .map((c) => ({ name: c.node.text, line: source.getLineAndCharacterOfPosition(c.node.getStart(source)).line + 1 }));
}

function isDeclarationName(node: ts.Identifier): boolean {
  const p = node.parent;
  return (
    (ts.isVariableDeclaration(p) ||
      ts.isParameter(p) ||
      ts.isFunctionDeclaration(p) ||
      ts.isFunctionExpression(p) ||
      ts.isClassDeclaration(p) ||
      ts.isImportClause(p) ||
      ts.isNamespaceImport(p) ||
      ts.isImportSpecifier(p) ||
      ts.isBindingElement(p) ||
      ts.isEnumDeclaration(p)) &&
    p.name === node
  );
}

/** `{ process: 1 }`, `class { fetch() {} }`, `import { x as fetch }`'s property side: names, not uses. */
function isPropertyName(node: ts.Identifier): boolean {
  const p = node.parent;
  return (
    ((ts.isPropertyAssignment(p) ||
      ts.isMethodDeclaration(p) ||
      ts.isPropertyDeclaration(p) ||
      ts.isPropertySignature(p) ||
      ts.isMethodSignature(p) ||
      ts.isGetAccessorDeclaration(p) ||
      ts.isSetAccessorDeclaration(p) ||
      ts.isEnumMember(p) ||
      ts.isExportSpecifier(p)) &&
      p.name === node) ||
    ts.isQualifiedName(p) ||
    ts.isLabeledStatement(p) ||
    (ts.isBindingElement(p) && p.propertyName === node) ||
    (ts.isImportSpecifier(p) && p.propertyName === node)
  );
}
