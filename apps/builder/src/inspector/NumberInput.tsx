import { useEffect, useState } from 'react';

/** Keeps what is typed (e.g. "1." or "-") while only passing on numbers. */
export function NumberInput(props: {
  id: string;
  value: number | undefined;
  integer: boolean;
  min: number | undefined;
  max: number | undefined;
  readOnly: boolean;
  invalid: boolean;
  describedBy: string | undefined;
  onChange: (value: number | undefined) => void;
  /** Names the input when no <label> points at it (the amount of a duration). */
  ariaLabel?: string;
}) {
  const [text, setText] = useState(props.value === undefined ? '' : String(props.value));
  useEffect(() => {
    setText((current) =>
      Number(current) === props.value && current !== '' ? current : props.value === undefined ? '' : String(props.value),
    );
  }, [props.value]);
  return (
    <input
      id={props.id}
      className="input"
      type="number"
      inputMode={props.integer ? 'numeric' : 'decimal'}
      step={props.integer ? 1 : 'any'}
      min={props.min}
      max={props.max}
      value={text}
      readOnly={props.readOnly}
      aria-invalid={props.invalid}
      aria-describedby={props.describedBy}
      aria-label={props.ariaLabel}
      onChange={(e) => {
        setText(e.target.value);
        const n = e.target.value === '' ? undefined : Number(e.target.value);
        props.onChange(n === undefined || Number.isNaN(n) ? undefined : n);
      }}
    />
  );
}
