import type { Me } from '../lib/api-types.ts';

export type Role = Me['roles'][number];

/** In the order an admin thinks about them: who builds, who works, who oversees. */
export const ROLE_LABELS: ReadonlyArray<readonly [Role, string]> = [
  ['admin', 'Admin'],
  ['process_owner', 'Process owner'],
  ['developer', 'Developer'],
  ['manager', 'Manager'],
  ['staff', 'Staff'],
  ['auditor', 'Auditor'],
];

export const roleLabel = (role: Role) => ROLE_LABELS.find(([r]) => r === role)?.[1] ?? role;

/** The roles after ticking or unticking one, in a stable order; null when none would be left. */
export function toggledRoles(roles: readonly Role[], role: Role, on: boolean): Role[] | null {
  const next = ROLE_LABELS.map(([r]) => r).filter((r) => (r === role ? on : roles.includes(r)));
  return next.length > 0 ? next : null;
}
