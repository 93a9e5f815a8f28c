import { QueryCache, QueryClient, MutationCache } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import type { AppRouter } from '@trackway/runtime/router';
import type { Diagnostic } from '@trackway/schema';
import { csrfToken, session } from './session.ts';

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

export function createApiClient(getToken: () => string | null = session.token) {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: '/trpc',
        headers() {
          const token = getToken();
          if (token) return { authorization: `Bearer ${token}` };
          // A browser session: the cookie goes by itself; the CSRF token proves this page sent the call.
          const csrf = csrfToken();
          return csrf ? { 'x-csrf-token': csrf } : {};
        },
      }),
    ],
  });
}

export type ApiClient = ReturnType<typeof createApiClient>;

interface ErrorData {
  readonly code?: string;
  readonly httpStatus?: number;
  readonly diagnostics?: readonly Diagnostic[] | null;
  readonly zodError?: { formErrors: string[]; fieldErrors: Record<string, string[] | undefined> } | null;
}

export function errorData(error: unknown): ErrorData {
  return error instanceof TRPCClientError ? ((error.data ?? {}) as ErrorData) : {};
}

export function errorCode(error: unknown): string | undefined {
  return errorData(error).code;
}

/** One readable sentence for any failure, with zod field errors spelled out. */
export function errorMessage(error: unknown): string {
  if (error instanceof TRPCClientError) {
    const data = errorData(error);
    const fields = Object.entries(data.zodError?.fieldErrors ?? {}).flatMap(([field, messages]) =>
      (messages ?? []).map((m) => `${field}: ${m}`),
    );
    if (fields.length > 0) return fields.join('; ');
    if (error.message.includes('Failed to fetch') || error.message.includes('NetworkError'))
      return 'The server cannot be reached. Check that Trackway is running.';
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

/** A 4xx is an answer, not a blip: retrying it only delays the message. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  const status = errorData(error).httpStatus;
  if (status !== undefined && status >= 400 && status < 500) return false;
  return failureCount < 2;
}

function onUnauthorized(error: unknown) {
  if (errorCode(error) !== 'UNAUTHORIZED') return;
  if (session.token()) session.signOut('Your session has ended: the token is no longer valid.');
  else if (session.usesCookie()) session.signOut('Your session has ended. Sign in again.');
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({ onError: onUnauthorized }),
    mutationCache: new MutationCache({ onError: onUnauthorized }),
    defaultOptions: {
      queries: { retry: shouldRetry, refetchOnWindowFocus: false, staleTime: 5_000 },
      mutations: { retry: false },
    },
  });
}
