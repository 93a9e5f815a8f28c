import Editor, { type OnMount } from '@monaco-editor/react';
import { useEffect, useRef, useState } from 'react';
import type { CodeEditorProps } from './CodeField.tsx';
import { codeProblems } from './language.ts';
import { ensureLanguages, EXPRESSION_LANGUAGE, monaco, registerModelContext, TEMPLATE_LANGUAGE } from './monaco.ts';

ensureLanguages();

type Editor = Parameters<OnMount>[0];

/** An expression or template field in Monaco: highlighting, completion, problems underlined as you type. */
export default function MonacoCodeEditor({
  modelPath,
  value,
  onChange,
  mode,
  ariaLabel,
  context,
  lines,
  describedBy,
  invalid,
}: CodeEditorProps) {
  const editorRef = useRef<Editor | null>(null);
  const contextRef = useRef(context);
  contextRef.current = context;
  const [uri, setUri] = useState<string | null>(null);

  useEffect(() => (uri ? registerModelContext(uri, () => contextRef.current) : undefined), [uri]);

  // Underline problems whenever the text or what it may refer to changes.
  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model) return;
    const markers = codeProblems(value, mode, context).map((p) => {
      const start = model.getPositionAt(p.start);
      const end = model.getPositionAt(Math.max(p.end, p.start + 1));
      return {
        severity: p.severity === 'error' ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
        message: p.message,
        startLineNumber: start.lineNumber,
        startColumn: start.column,
        endLineNumber: end.lineNumber,
        endColumn: end.column,
      };
    });
    monaco.editor.setModelMarkers(model, 'trackway', markers);
  });

  useEffect(() => {
    const node = editorRef.current?.getContainerDomNode().querySelector('textarea');
    if (!node) return;
    if (describedBy) node.setAttribute('aria-describedby', describedBy);
    node.setAttribute('aria-invalid', invalid ? 'true' : 'false');
  });

  const height = Math.max(1, lines) * 19 + 12;
  return (
    // "nokey": the canvas's own shortcuts (Space to pan...) stay out of the editor.
    <div className={`code-editor nokey${invalid ? ' is-invalid' : ''}`} style={{ height }}>
      <Editor
        path={modelPath}
        value={value}
        language={mode === 'template' ? TEMPLATE_LANGUAGE : EXPRESSION_LANGUAGE}
        theme="trackway"
        onChange={(next) => onChange(next ?? '')}
        onMount={(editor) => {
          editorRef.current = editor;
          setUri(editor.getModel()?.uri.toString() ?? null);
        }}
        loading={<span className="muted small">Loading editor…</span>}
        options={{
          ariaLabel,
          minimap: { enabled: false },
          lineNumbers: 'off',
          glyphMargin: false,
          folding: false,
          lineDecorationsWidth: 6,
          lineNumbersMinChars: 0,
          scrollBeyondLastLine: false,
          wordWrap: 'on',
          wrappingIndent: 'none',
          fontSize: 13,
          fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
          renderLineHighlight: 'none',
          overviewRulerLanes: 0,
          overviewRulerBorder: false,
          hideCursorInOverviewRuler: true,
          scrollbar: { vertical: 'auto', horizontal: 'hidden', alwaysConsumeMouseWheel: false },
          automaticLayout: true,
          fixedOverflowWidgets: true,
          // Tab moves to the next field, so the inspector stays keyboard-operable.
          tabFocusMode: true,
          quickSuggestions: { other: true, strings: false, comments: false },
          suggestOnTriggerCharacters: true,
          wordBasedSuggestions: 'off',
          autoClosingBrackets: 'languageDefined',
          padding: { top: 6, bottom: 6 },
          contextmenu: false,
          accessibilitySupport: 'auto',
        }}
      />
    </div>
  );
}
