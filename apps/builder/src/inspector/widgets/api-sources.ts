import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { errorMessage, useTRPC } from '../../lib/trpc.ts';
import type { Lookup, WidgetSources } from './sources.tsx';

const SEARCH_LIMIT = 50;
const unavailable = { status: 'unavailable', items: [] } as const;

/** The parts of a query result a lookup needs (any error type: tRPC's is not an Error subtype). */
interface QueryState<T> {
  readonly isError: boolean;
  readonly error: unknown;
  readonly data: readonly T[] | undefined;
}

function toLookup<T>(query: QueryState<T>, enabled: boolean): Lookup<T> {
  // Read-only viewers get no list: the stored value is shown as it is.
  if (!enabled) return unavailable;
  if (query.isError) return { status: 'error', items: [], message: errorMessage(query.error) };
  if (query.data) return { status: 'ready', items: query.data };
  return { status: 'loading', items: [] };
}

/** The pickers' lists from the API: the directory for people and groups, the business calendars. */
export const apiWidgetSources: WidgetSources = {
  useUsers(search, enabled) {
    const trpc = useTRPC();
    const query = useQuery({
      ...trpc.directory.users.queryOptions(search ? { search, limit: SEARCH_LIMIT } : { limit: SEARCH_LIMIT }),
      enabled,
      staleTime: 60_000,
      // The previous matches stay while the next search runs, so the list does not flicker per key.
      placeholderData: keepPreviousData,
    });
    return toLookup(query, enabled);
  },
  useGroups(enabled) {
    const trpc = useTRPC();
    return toLookup(useQuery({ ...trpc.directory.groups.queryOptions(), enabled, staleTime: 60_000 }), enabled);
  },
  useCalendars(enabled) {
    const trpc = useTRPC();
    return toLookup(useQuery({ ...trpc.calendars.list.queryOptions(), enabled, staleTime: 60_000 }), enabled);
  },
};
