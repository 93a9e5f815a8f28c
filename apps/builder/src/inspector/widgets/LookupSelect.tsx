import type { Lookup } from './sources.tsx';

export interface LookupOption {
  readonly value: string;
  readonly label: string;
}

export interface LookupSelectProps {
  readonly id: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly lookup: Lookup<LookupOption>;
  /** "group", "calendar": used in the prompts. */
  readonly noun: string;
  readonly readOnly: boolean;
  readonly invalid: boolean;
  readonly describedBy: string | undefined;
  /** Shown when the list is empty. */
  readonly emptyHint: string;
  /** A pattern for typing the key when there is no list (the validator's rule; it reports the message). */
  readonly pattern?: string;
}

/**
 * Picks a key from a list loaded from the API; without the list (not available, not loaded)
 * the key is typed instead, so a flow can always be finished. A stored key that is not in the
 * list stays selectable and is marked, never silently swapped for another.
 */
export function LookupSelect(props: LookupSelectProps) {
  const { id, value, onChange, lookup, noun, readOnly, invalid, describedBy } = props;
  const noteId = `${id}-note`;
  if (lookup.status === 'ready' || lookup.status === 'loading') {
    const known = lookup.items.some((o) => o.value === value);
    const empty = lookup.status === 'ready' && lookup.items.length === 0;
    return (
      <>
        <select
          id={id}
          className="input"
          value={value}
          disabled={readOnly || lookup.status === 'loading'}
          aria-invalid={invalid}
          aria-describedby={[describedBy, empty ? noteId : ''].filter(Boolean).join(' ') || undefined}
          onChange={(e) => onChange(e.target.value)}
        >
          <option value="">{lookup.status === 'loading' ? `Loading ${noun}s…` : `Choose a ${noun}…`}</option>
          {value && !known ? (
            <option value={value}>
              {value}
              {lookup.status === 'ready' ? ` (no such ${noun})` : ''}
            </option>
          ) : null}
          {lookup.items.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
        {empty ? (
          <small id={noteId} className="muted small">
            {props.emptyHint}
          </small>
        ) : null}
      </>
    );
  }
  return (
    <>
      <input
        id={id}
        className="input"
        type="text"
        value={value}
        readOnly={readOnly}
        pattern={props.pattern}
        spellCheck={false}
        aria-invalid={invalid}
        aria-describedby={[describedBy, lookup.status === 'error' ? noteId : ''].filter(Boolean).join(' ') || undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {lookup.status === 'error' ? (
        <small id={noteId} className="picker-warning small">
          The {noun}s could not be loaded ({lookup.message ?? 'unknown error'}); type the {noun}’s key.
        </small>
      ) : null}
    </>
  );
}
