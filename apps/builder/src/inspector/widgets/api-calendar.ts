import { useQuery } from '@tanstack/react-query';
import { errorCode, errorMessage, useTRPC } from '../../lib/trpc.ts';
import type { CalendarLoad } from './due-preview.tsx';

/**
 * A stored calendar for the duration previews, from calendars.get. Cached by TanStack Query: every
 * widget of a node (and of other nodes on the same calendar) shares one request; saving on the
 * Calendars page invalidates it. An empty key is never asked for.
 */
export function useApiCalendar(key: string): CalendarLoad {
  const trpc = useTRPC();
  const query = useQuery({ ...trpc.calendars.get.queryOptions({ key }), enabled: key !== '', staleTime: 60_000 });
  if (query.data) return { status: 'ready', calendar: query.data.definition };
  if (query.isError)
    return errorCode(query.error) === 'NOT_FOUND' ? { status: 'missing' } : { status: 'error', message: errorMessage(query.error) };
  return { status: 'loading' };
}
