import Editor, { type OnMount } from '@monaco-editor/react';
import 'monaco-editor/languages/definitions/handlebars/register';
import { useEffect, useRef } from 'react';
// The shared setup: Monaco from the bundle (never a CDN) and its worker.
import { monaco } from '../inspector/code/monaco.ts';

type CodeEditor = Parameters<OnMount>[0];

export interface TemplateProblem {
  readonly message: string;
  readonly line: number | null;
  readonly column: number | null;
}

/** The Handlebars body in Monaco, with the server's compile error underlined where it is. */
export function TemplateBodyEditor({
  path,
  value,
  onChange,
  problem,
  readOnly,
}: {
  path: string;
  value: string;
  onChange: (value: string) => void;
  problem: TemplateProblem | null;
  readOnly: boolean;
}) {
  const editorRef = useRef<CodeEditor | null>(null);

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model) return;
    const markers =
      problem && problem.line !== null
        ? [
            {
              severity: monaco.MarkerSeverity.Error,
              message: problem.message,
              startLineNumber: problem.line,
              startColumn: problem.column ?? 1,
              endLineNumber: problem.line,
              endColumn: model.getLineMaxColumn(Math.min(problem.line, model.getLineCount())),
            },
          ]
        : [];
    monaco.editor.setModelMarkers(model, 'template', markers);
  }, [problem, value]);

  return (
    <div className="template-editor-code">
      <Editor
        path={path}
        language="handlebars"
        value={value}
        onChange={(text) => onChange(text ?? '')}
        onMount={(editor) => {
          editorRef.current = editor;
        }}
        options={{
          readOnly,
          minimap: { enabled: false },
          fontSize: 13,
          wordWrap: 'on',
          scrollBeyondLastLine: false,
          automaticLayout: true,
          ariaLabel: 'Template body (Handlebars HTML)',
        }}
      />
    </div>
  );
}
