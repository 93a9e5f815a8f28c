/**
 * The demo credentials file (.data/demo-tokens.json, git-ignored): one entry per demo account
 * with its API token and password, plus the events API key. Secrets are stored only as hashes in
 * the database, so this file is the one place a developer finds them again after the first start.
 */
export interface DemoCredential {
  readonly email: string;
  readonly token?: string;
  readonly password?: string;
}

/** Older files hold `[{email, token}]`; anything unreadable counts as empty. */
export function parseCredentials(text: string | undefined): DemoCredential[] {
  if (!text) return [];
  try {
    const value: unknown = JSON.parse(text);
    if (!Array.isArray(value)) return [];
    return value.flatMap((e: unknown) => {
      if (typeof e !== 'object' || e === null) return [];
      const { email, token, password } = e as Record<string, unknown>;
      if (typeof email !== 'string') return [];
      return [
        {
          email,
          ...(typeof token === 'string' ? { token } : {}),
          ...(typeof password === 'string' ? { password } : {}),
        },
      ];
    });
  } catch {
    return [];
  }
}

/** New secrets replace old ones field by field; entries and fields not mentioned stay as they were. */
export function mergeCredentials(existing: readonly DemoCredential[], fresh: readonly DemoCredential[]): DemoCredential[] {
  const merged = existing.map((e) => ({ ...e }));
  for (const f of fresh) {
    const i = merged.findIndex((e) => e.email === f.email);
    const entry = { ...(i >= 0 ? merged[i] : { email: f.email }), ...f };
    if (i >= 0) merged[i] = entry;
    else merged.push(entry);
  }
  return merged;
}
