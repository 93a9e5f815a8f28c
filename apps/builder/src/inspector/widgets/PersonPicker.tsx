import { useState, type KeyboardEvent } from 'react';
import { useWidgetSources } from './sources.tsx';
import { useDebounced } from './use-debounced.ts';

export interface PersonPickerProps {
  readonly id: string;
  /** The assignee's e-mail address (what the flow stores). */
  readonly value: string;
  readonly onChange: (email: string) => void;
  readonly readOnly: boolean;
  readonly invalid: boolean;
  readonly describedBy: string | undefined;
}

/**
 * An e-mail field that searches the directory as you type (ARIA combobox with a list): pick a
 * person with the mouse or Arrow keys + Enter. What is typed is kept as typed, so nothing is lost
 * when the directory cannot be reached; an address nobody in the directory has is pointed out.
 */
export function PersonPicker({ id, value, onChange, readOnly, invalid, describedBy }: PersonPickerProps) {
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const search = useDebounced(value.trim(), 200);
  const users = useWidgetSources().useUsers(search, !readOnly);
  const listId = `${id}-people`;
  const noteId = `${id}-note`;
  const options = users.status === 'ready' ? users.items : [];
  const known = users.items.find((u) => u.email.toLowerCase() === value.trim().toLowerCase());
  const searchable = users.status !== 'unavailable' && !readOnly;
  const expanded = searchable && open && (options.length > 0 || users.status === 'ready');

  const pick = (email: string) => {
    onChange(email);
    setOpen(false);
    setActive(-1);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (!searchable) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setOpen(true);
      const last = options.length - 1;
      setActive((i) => (event.key === 'ArrowDown' ? Math.min(i + 1, last) : Math.max(i - 1, 0)));
    } else if (event.key === 'Enter' && expanded && options[active]) {
      event.preventDefault();
      pick(options[active].email);
    } else if (event.key === 'Escape' && expanded) {
      // Closes the list only; the inspector and dialogs keep their own Escape.
      event.stopPropagation();
      setOpen(false);
    }
  };

  let note: string | null = null;
  if (users.status === 'error')
    note = `The directory could not be searched (${users.message ?? 'unknown error'}); type the e-mail address.`;
  else if (known) note = known.displayName;
  else if (users.status === 'ready' && value.trim() && search === value.trim() && !open)
    note = 'No one with this e-mail address is in the directory.';

  return (
    <div className="picker">
      <input
        id={id}
        className="input"
        type="text"
        autoComplete="off"
        spellCheck={false}
        placeholder={searchable ? 'Search by name or e-mail' : 'name@example.com'}
        value={value}
        readOnly={readOnly}
        aria-invalid={invalid}
        aria-describedby={[describedBy, note ? noteId : ''].filter(Boolean).join(' ') || undefined}
        {...(searchable
          ? {
              role: 'combobox',
              'aria-autocomplete': 'list' as const,
              'aria-expanded': expanded,
              'aria-controls': listId,
              'aria-activedescendant': expanded && options[active] ? `${listId}-${active}` : undefined,
            }
          : {})}
        onChange={(e) => {
          onChange(e.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onFocus={() => setOpen(searchable && value.trim() === '')}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      {searchable ? (
        <ul id={listId} role="listbox" aria-label="People" className="picker-list" hidden={!expanded}>
          {options.map((user, i) => (
            <li
              key={user.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={user.email === value}
              className={i === active ? 'is-active' : undefined}
              // Keeps focus in the input, so picking does not first blur (and close) the list.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => pick(user.email)}
            >
              <span className="picker-name">{user.displayName}</span> <span className="muted small">{user.email}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {expanded && options.length === 0 ? <p className="muted small picker-empty">No one matches “{search}”.</p> : null}
      {note ? (
        <small id={noteId} className={known ? 'muted small' : 'picker-warning small'}>
          {note}
        </small>
      ) : null}
    </div>
  );
}
