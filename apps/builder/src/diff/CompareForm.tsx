import { useId, useState, type FormEvent } from 'react';
import { parseSide, sameSide, type Side } from './sides.ts';
import './diff.css';

export interface CompareFormProps {
  /** Published version numbers, newest first. */
  readonly versions: readonly number[];
  readonly onCompare: (from: Side, to: Side) => void;
}

/** Picks two versions (or a version and the draft) to compare; by default the latest version against the draft. */
export function CompareForm({ versions, onCompare }: CompareFormProps) {
  const id = useId();
  const latest = versions[0];
  const [from, setFrom] = useState(latest !== undefined ? `v${latest}` : 'draft');
  const [to, setTo] = useState('draft');
  const [error, setError] = useState<string | null>(null);
  const options = [
    <option key="draft" value="draft">
      Current draft
    </option>,
    ...versions.map((v) => (
      <option key={v} value={`v${v}`}>
        Version {v}
      </option>
    )),
  ];
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const a = parseSide(from);
    const b = parseSide(to);
    if (!a || !b) return setError('Choose what to compare on both sides.');
    if (sameSide(a, b)) return setError('Choose two different versions: a version compared with itself has no differences.');
    setError(null);
    onCompare(a, b);
  };
  return (
    <form className="compare-form" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="compare-title">
        Compare
      </h3>
      <div className="compare-fields">
        <label htmlFor={`${id}-from`}>From</label>
        <select id={`${id}-from`} className="input" value={from} onChange={(e) => setFrom(e.target.value)}>
          {options}
        </select>
        <label htmlFor={`${id}-to`}>To</label>
        <select id={`${id}-to`} className="input" value={to} onChange={(e) => setTo(e.target.value)}>
          {options}
        </select>
      </div>
      {error ? (
        <p className="form-error small" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" className="btn btn-small">
        Show differences
      </button>
    </form>
  );
}
