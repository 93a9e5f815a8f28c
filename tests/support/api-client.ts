import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import type { AppRouter } from '../../apps/runtime/src/api/router.ts';

export function apiClient(url: string, token?: string) {
  return createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${url}/trpc`, headers: () => (token ? { authorization: `Bearer ${token}` } : {}) })],
  });
}

export type ApiClient = ReturnType<typeof apiClient>;

/** Awaits a call that must fail and returns the tRPC error (code, HTTP status, data). */
export async function expectApiError(call: Promise<unknown>) {
  try {
    await call;
  } catch (error) {
    if (error instanceof TRPCClientError) {
      const data = error.data as {
        code: string;
        httpStatus: number;
        zodError: unknown;
        diagnostics: Array<{ code: string; nodeId?: string }> | null;
      };
      return { message: error.message, ...data };
    }
    throw error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

export async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
