// Repo-relative paths. Resolved from this file's location rather than process.cwd(), so scripts
// behave the same whether they are started from the repo root, a workspace or a CI step.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the repository root (this file lives in <root>/scripts/lib). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Resolve a path given relative to the repository root (absolute paths pass through). */
export function fromRoot(...segments: string[]): string {
  return path.resolve(repoRoot, ...segments);
}
