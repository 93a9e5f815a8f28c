import { createContext, useContext, type ReactNode } from 'react';

/** A list a widget offers to pick from, as far as it could be loaded. */
export interface Lookup<T> {
  /** `unavailable`: there is no such list to ask (no API for it, or not allowed); widgets fall back to typing. */
  readonly status: 'loading' | 'ready' | 'error' | 'unavailable';
  readonly items: readonly T[];
  readonly message?: string;
}

export interface DirectoryUser {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  readonly roles: readonly string[];
}

export interface DirectoryGroup {
  readonly key: string;
  readonly name: string;
  readonly memberCount: number;
}

export interface CalendarOption {
  readonly key: string;
  readonly name: string;
  /** Working hours are in this zone; shown because it changes what "2 business days" means. */
  readonly timeZone?: string | null;
}

/**
 * Where the pickers get people, groups and calendars. Hooks, injected through context: the app
 * asks the API (only when a widget that needs the list is on screen), tests hand in fixed lists,
 * and the form itself stays free of any API.
 */
export interface WidgetSources {
  useUsers(search: string, enabled: boolean): Lookup<DirectoryUser>;
  useGroups(enabled: boolean): Lookup<DirectoryGroup>;
  useCalendars(enabled: boolean): Lookup<CalendarOption>;
}

const unavailable = { status: 'unavailable', items: [] } as const;

/** Without a provider every picker falls back to typing the value. */
export const noSources: WidgetSources = {
  useUsers: () => unavailable,
  useGroups: () => unavailable,
  useCalendars: () => unavailable,
};

const WidgetSourcesContext = createContext<WidgetSources>(noSources);

/** `sources` must keep its identity for the life of the form (its members are hooks). */
export function WidgetSourcesProvider({ sources, children }: { sources: WidgetSources; children: ReactNode }) {
  return <WidgetSourcesContext.Provider value={sources}>{children}</WidgetSourcesContext.Provider>;
}

export function useWidgetSources(): WidgetSources {
  return useContext(WidgetSourcesContext);
}
