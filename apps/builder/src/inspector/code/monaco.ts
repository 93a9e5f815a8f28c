/**
 * Monaco, bundled with the app (never from a CDN: the builder must work offline). Only the editor
 * core and the contributions an expression field needs are loaded; no language workers beyond
 * the base editor worker.
 */
import { loader } from '@monaco-editor/react';
import * as monaco from 'monaco-editor/editor/editor.api';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import 'monaco-editor/features/codicon/register';
import 'monaco-editor/features/codeEditor/register';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/snippet/register';
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/contextmenu/register';
import 'monaco-editor/features/cursorUndo/register';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/wordOperations/register';
import 'monaco-editor/features/placeholderText/register';
import 'monaco-editor/features/gotoError/register';
import 'monaco-editor/features/toggleTabFocusMode/register';
import 'monaco-editor/editor/browser/coreCommands';
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';
import 'monaco-editor/editor/common/standaloneStrings';
import { completionsAt, type ExpressionContext, type Suggestion } from './language.ts';

export { monaco };

self.MonacoEnvironment = { getWorker: () => new EditorWorker() };
loader.config({ monaco });

export const EXPRESSION_LANGUAGE = 'trackway-expression';
export const TEMPLATE_LANGUAGE = 'trackway-template';

/** Per editor model: what its completions may offer (the flow it belongs to). */
const contexts = new Map<string, () => ExpressionContext>();

export function registerModelContext(uri: string, context: () => ExpressionContext): () => void {
  contexts.set(uri, context);
  return () => {
    if (contexts.get(uri) === context) contexts.delete(uri);
  };
}

const KIND: Record<Suggestion['kind'], monaco.languages.CompletionItemKind> = {
  root: monaco.languages.CompletionItemKind.Module,
  field: monaco.languages.CompletionItemKind.Field,
  variable: monaco.languages.CompletionItemKind.Variable,
  step: monaco.languages.CompletionItemKind.Reference,
  function: monaco.languages.CompletionItemKind.Function,
  keyword: monaco.languages.CompletionItemKind.Keyword,
};

const expressionTokens: monaco.languages.IMonarchLanguage['tokenizer'][string] = [
  [/\b(input|vars|steps|run)\b/, 'variable.predefined'],
  [/\b(and|or|in|true|false|null)\b/, 'keyword'],
  [/\$[A-Za-z_][A-Za-z0-9_]*/, 'type.identifier'],
  [/"([^"\\]|\\.)*"/, 'string'],
  [/'([^'\\]|\\.)*'/, 'string'],
  [/`[^`]*`/, 'identifier'],
  [/-?\d+(\.\d+)?([eE][-+]?\d+)?/, 'number'],
  [/[=!<>]=?|[-+*/%&?:~]|\.\./, 'operator'],
  [/[A-Za-z_][A-Za-z0-9_]*/, 'identifier'],
  [/[{}()[\]]/, '@brackets'],
];

let registered = false;

/** Languages, colours and completion, registered once per page. */
export function ensureLanguages(): void {
  if (registered) return;
  registered = true;
  for (const id of [EXPRESSION_LANGUAGE, TEMPLATE_LANGUAGE]) {
    monaco.languages.register({ id });
    monaco.languages.setLanguageConfiguration(id, {
      brackets: [
        ['(', ')'],
        ['[', ']'],
        ['{', '}'],
      ],
      autoClosingPairs: [
        { open: '(', close: ')' },
        { open: '[', close: ']' },
        { open: '"', close: '"', notIn: ['string'] },
      ],
      wordPattern: /(-?\d*\.\d\w*)|([A-Za-z_$][\w]*)/g,
    });
    monaco.languages.registerCompletionItemProvider(id, {
      triggerCharacters: ['.', '$'],
      provideCompletionItems(model, position) {
        const context = contexts.get(model.uri.toString());
        if (!context) return { suggestions: [] };
        const before = model.getValueInRange({
          startLineNumber: position.lineNumber,
          startColumn: 1,
          endLineNumber: position.lineNumber,
          endColumn: position.column,
        });
        if (id === TEMPLATE_LANGUAGE) {
          // Only inside an open {{ … }} hole.
          const open = before.lastIndexOf('{{');
          if (open < 0 || before.lastIndexOf('}}') > open) return { suggestions: [] };
        }
        const word = model.getWordUntilPosition(position);
        const range = {
          startLineNumber: position.lineNumber,
          endLineNumber: position.lineNumber,
          startColumn: word.startColumn,
          endColumn: word.endColumn,
        };
        return {
          suggestions: completionsAt(before, context()).map((s, i) => ({
            label: s.label,
            kind: KIND[s.kind],
            insertText: s.insertText,
            detail: s.detail,
            sortText: String(i).padStart(4, '0'),
            range,
          })),
        };
      },
    });
  }
  monaco.languages.setMonarchTokensProvider(EXPRESSION_LANGUAGE, { tokenizer: { root: expressionTokens } });
  monaco.languages.setMonarchTokensProvider(TEMPLATE_LANGUAGE, {
    tokenizer: {
      root: [
        [/\{\{/, { token: 'delimiter.bracket', next: '@hole' }],
        [/[^{]+/, 'string'],
        [/\{/, 'string'],
      ],
      hole: [[/\}\}/, { token: 'delimiter.bracket', next: '@pop' }], ...expressionTokens],
    },
  });
  monaco.editor.defineTheme('trackway', {
    base: 'vs',
    inherit: true,
    rules: [
      { token: 'variable.predefined', foreground: '7c3aed', fontStyle: 'bold' },
      { token: 'type.identifier', foreground: '0369a1' },
      { token: 'string', foreground: '15803d' },
      { token: 'number', foreground: 'b45309' },
      { token: 'keyword', foreground: 'be185d' },
      { token: 'delimiter.bracket', foreground: '7c3aed', fontStyle: 'bold' },
    ],
    colors: { 'editor.background': '#ffffff', 'editorLineNumber.foreground': '#94a3b8' },
  });
}
