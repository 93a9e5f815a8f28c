import { useRef } from 'react';
import { defaultValue, variantsOf, type JsonSchema } from '../../lib/json-schema.ts';
import { humanize } from '../../lib/humanize.ts';
import { LookupSelect } from './LookupSelect.tsx';
import { PersonPicker } from './PersonPicker.tsx';
import { useWidgetSources } from './sources.tsx';
import { asRecord, type WidgetProps } from './types.ts';

const KIND_LABEL: Readonly<Record<string, string>> = { user: 'Person', group: 'Group', role: 'Role', expression: 'Expression' };
const str = (v: unknown) => (typeof v === 'string' ? v : '');

function GroupPicker(props: { id: string; value: string; onChange: (key: string) => void; readOnly: boolean; invalid: boolean }) {
  const groups = useWidgetSources().useGroups(!props.readOnly);
  const lookup = {
    ...groups,
    items: groups.items.map((g) => ({ value: g.key, label: `${g.name} (${g.memberCount} member${g.memberCount === 1 ? '' : 's'})` })),
  };
  return <LookupSelect {...props} lookup={lookup} noun="group" describedBy={undefined} emptyHint="No groups yet: an admin creates them." />;
}

/**
 * Who a human task goes to: first the kind (person, group, role, expression), then a picker
 * for that kind. Switching kind and back restores what was there, so trying another kind
 * loses nothing.
 */
export function AssigneeWidget(props: WidgetProps) {
  const { id, path, schema, value: raw, onChange, readOnly, invalid, renderCode, label, describedBy } = props;
  const value = asRecord(raw);
  const kind = typeof value.kind === 'string' ? value.kind : '';
  const variants = variantsOf(schema)
    .map((v) => ({ kind: String(v.properties?.kind?.const ?? ''), schema: v }))
    .filter((v) => v.kind !== '');
  const earlier = useRef<Record<string, Record<string, unknown>>>({});
  const variant: JsonSchema | undefined = variants.find((v) => v.kind === kind)?.schema;

  const switchTo = (next: string) => {
    if (kind) earlier.current[kind] = value;
    const target = variants.find((v) => v.kind === next);
    onChange(target ? (earlier.current[next] ?? asRecord(defaultValue(target.schema))) : undefined, `${path}.kind`);
  };
  const setPart = (key: string, next: unknown) => onChange({ ...value, [key]: next }, `${path}.${key}`);

  let detail = null;
  if (kind === 'user') {
    detail = (
      <div className="widget-line">
        <label className="widget-label" htmlFor={`${id}-user`}>
          Person
        </label>
        <PersonPicker
          id={`${id}-user`}
          value={str(value.email)}
          onChange={(email) => setPart('email', email)}
          readOnly={readOnly}
          invalid={invalid('email')}
          describedBy={describedBy}
        />
      </div>
    );
  } else if (kind === 'group') {
    detail = (
      <div className="widget-line">
        <label className="widget-label" htmlFor={`${id}-group`}>
          Group
        </label>
        <GroupPicker
          id={`${id}-group`}
          value={str(value.group)}
          onChange={(key) => setPart('group', key)}
          readOnly={readOnly}
          invalid={invalid('group')}
        />
      </div>
    );
  } else if (kind === 'role') {
    const roles = (variant?.properties?.role?.enum ?? []).map(String);
    detail = (
      <div className="widget-line">
        <label className="widget-label" htmlFor={`${id}-role`}>
          Role
        </label>
        <select
          id={`${id}-role`}
          className="input"
          value={str(value.role)}
          disabled={readOnly}
          aria-invalid={invalid('role')}
          onChange={(e) => setPart('role', e.target.value || undefined)}
        >
          {str(value.role) === '' ? <option value="">Choose a role…</option> : null}
          {roles.map((role) => (
            <option key={role} value={role}>
              {humanize(role)}
            </option>
          ))}
        </select>
      </div>
    );
  } else if (kind === 'expression') {
    detail = (
      <div className="widget-line">
        <span className="widget-label" id={`${id}-expression-label`}>
          Expression <span className="field-kind">expression</span>
        </span>
        {renderCode({
          id: `${id}-expression`,
          path: `${path}.expression`,
          value: str(value.expression),
          onChange: (next) => setPart('expression', next),
          mode: 'expression',
          ariaLabel: `${label} expression`,
          lines: 2,
          ...(describedBy ? { describedBy } : {}),
          invalid: invalid('expression'),
        })}
        <small className="muted small">Yields the e-mail address of the person to assign.</small>
      </div>
    );
  }

  return (
    <div className="widget-stack">
      <div className="widget-line">
        <label className="widget-label" htmlFor={`${id}-kind`}>
          Assign to
        </label>
        <select
          id={`${id}-kind`}
          className="input"
          value={kind}
          disabled={readOnly}
          aria-invalid={invalid('kind')}
          onChange={(e) => switchTo(e.target.value)}
        >
          {kind === '' ? <option value="">Choose…</option> : null}
          {variants.map((v) => (
            <option key={v.kind} value={v.kind}>
              {KIND_LABEL[v.kind] ?? humanize(v.kind)}
            </option>
          ))}
        </select>
      </div>
      {detail}
    </div>
  );
}
