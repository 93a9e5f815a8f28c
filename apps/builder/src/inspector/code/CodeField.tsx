import { lazy, Suspense } from 'react';
import type { CodeMode, ExpressionContext } from './language.ts';

export interface CodeEditorProps {
  /** Unique per field (node id + config path): Monaco keeps one model per path. */
  readonly modelPath: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly mode: CodeMode;
  readonly ariaLabel: string;
  readonly context: ExpressionContext;
  readonly lines: number;
  readonly describedBy?: string;
  readonly invalid?: boolean;
}

// Monaco is large: it loads the first time an expression field is shown.
const MonacoCodeEditor = lazy(() => import('./MonacoCodeEditor.tsx'));

export function CodeField(props: CodeEditorProps) {
  return (
    <Suspense
      fallback={
        <div className="code-editor code-editor-loading" style={{ height: Math.max(1, props.lines) * 19 + 12 }} aria-busy="true">
          <span className="muted small">Loading editor…</span>
        </div>
      }
    >
      <MonacoCodeEditor {...props} />
    </Suspense>
  );
}
