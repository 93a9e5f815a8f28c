import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Empty, ErrorState, Loading } from '../app/states.tsx';
import { relativeTime } from '../lib/format.ts';
import { Link, navigate } from '../lib/router.tsx';
import { errorMessage, useTRPC, useTRPCClient } from '../lib/trpc.ts';
import { sampleFields } from '../templates/sample-fields.ts';
import { TemplateBodyEditor, type TemplateProblem } from '../templates/TemplateBodyEditor.tsx';
import '../templates/templates.css';

const PREVIEW_DELAY_MS = 300;
/** tRPC bodies are capped at 2 MB; base64 adds a third. */
const MAX_DOCX_BYTES = 1_400_000;
const KEY_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
const STARTER_BODY = '<h1>{{title}}</h1>\n<p>Dear {{customerName}},</p>\n<p>{{text}}</p>\n';

/** Document templates: a list, and an editor with a live preview (Handlebars HTML, optional .docx). */
export default function TemplatesPage({ selected, canEdit }: { selected: string | null; canEdit: boolean }) {
  const trpc = useTRPC();
  const list = useQuery(trpc.documentTemplates.list.queryOptions());
  return (
    <div className="page page-wide">
      <div className="page-header">
        <h1>Document templates</h1>
        {canEdit && list.data ? <NewTemplate existing={list.data.map((t) => t.key)} /> : null}
      </div>
      {list.isPending ? (
        <Loading what="templates" />
      ) : list.isError ? (
        <ErrorState error={list.error} retry={() => void list.refetch()} />
      ) : (
        <div className="templates-layout">
          <nav className="templates-list card" aria-label="Templates">
            {list.data.length === 0 ? <p className="muted pad">No templates yet.</p> : null}
            {list.data.map((t) => (
              <Link key={t.key} to={`/templates?key=${encodeURIComponent(t.key)}`} aria-current={t.key === selected ? 'page' : undefined}>
                <span className="strong">{t.name}</span>
                <span className="muted small">
                  {t.key} · v{t.version}
                  {t.hasDocx ? ' · Word' : ''} · {relativeTime(t.updatedAt)}
                </span>
              </Link>
            ))}
          </nav>
          {selected ? (
            <TemplateEditor key={selected} templateKey={selected} canEdit={canEdit} />
          ) : (
            <Empty title="Choose a template">
              <p>
                Templates are Handlebars HTML: {'{{customerName}}'} prints a field, escaped; {'{{#each lineItems}}…{{/each}}'} repeats.
              </p>
            </Empty>
          )}
        </div>
      )}
    </div>
  );
}

function NewTemplate({ existing }: { existing: readonly string[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [key, setKey] = useState('');
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const save = useMutation(trpc.documentTemplates.save.mutationOptions());
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!KEY_PATTERN.test(key)) return setProblem('The key is lower-case letters, digits and dashes, e.g. welcome-letter.');
    if (existing.includes(key)) return setProblem(`A template "${key}" already exists.`);
    setProblem(null);
    save.mutate(
      { key, name: name.trim() || key, body: STARTER_BODY },
      {
        onSuccess: async () => {
          await queryClient.invalidateQueries({ queryKey: trpc.documentTemplates.pathKey() });
          navigate(`/templates?key=${encodeURIComponent(key)}`);
          setKey('');
          setName('');
        },
        onError: (error) => setProblem(errorMessage(error)),
      },
    );
  };
  return (
    <form className="row" onSubmit={submit} aria-label="New template">
      <input
        className="input"
        placeholder="key, e.g. welcome-letter"
        value={key}
        onChange={(e) => setKey(e.target.value)}
        aria-label="New template key"
      />
      <input className="input" placeholder="Name" value={name} onChange={(e) => setName(e.target.value)} aria-label="New template name" />
      <button type="submit" className="btn" disabled={save.isPending || key === ''}>
        New template
      </button>
      {problem ? (
        <span className="form-error" role="alert">
          {problem}
        </span>
      ) : null}
    </form>
  );
}

function TemplateEditor({ templateKey, canEdit }: { templateKey: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const template = useQuery(trpc.documentTemplates.get.queryOptions({ key: templateKey }));
  if (template.isPending) return <Loading what="the template" />;
  if (template.isError) return <ErrorState error={template.error} retry={() => void template.refetch()} />;
  // A saved version starts the form afresh from what the server has.
  return <TemplateForm key={template.data.version} template={template.data} canEdit={canEdit} />;
}

interface Template {
  key: string;
  name: string;
  body: string;
  version: number;
  hasDocx: boolean;
}

type Preview = { kind: 'html'; html: string } | { kind: 'problem'; problem: TemplateProblem } | { kind: 'none'; note: string };

function TemplateForm({ template, canEdit }: { template: Template; canEdit: boolean }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const [name, setName] = useState(template.name);
  const [body, setBody] = useState(template.body);
  const [samples, setSamples] = useState(() => JSON.stringify(sampleFields(template.body), null, 2));
  /** base64 to upload, null to remove the Word template, undefined to keep it. */
  const [docx, setDocx] = useState<{ base64: string; name: string } | null | undefined>(undefined);
  const [preview, setPreview] = useState<Preview>({
    kind: 'none',
    note: canEdit ? 'Rendering…' : 'The preview needs the process owner or admin role.',
  });
  const [message, setMessage] = useState<{ kind: 'error' | 'ok'; text: string } | null>(null);
  const save = useMutation(trpc.documentTemplates.save.mutationOptions());
  const sequence = useRef(0);

  let fields: Record<string, unknown> | null = null;
  let samplesError: string | null = null;
  try {
    const parsed: unknown = JSON.parse(samples);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) fields = parsed as Record<string, unknown>;
    else samplesError = 'Sample fields must be a JSON object, e.g. { "customerName": "Ann" }.';
  } catch (error) {
    samplesError = `Sample fields are not valid JSON: ${error instanceof Error ? error.message : String(error)}`;
  }
  const fieldsKey = fields ? JSON.stringify(fields) : null;

  // Live preview, debounced; a slower answer to older text never replaces a newer one.
  useEffect(() => {
    if (!canEdit || fieldsKey === null) return;
    const mine = ++sequence.current;
    const timer = setTimeout(() => {
      client.documentTemplates.preview
        .mutate({ body, fields: JSON.parse(fieldsKey) as Record<string, unknown>, name })
        .then((result) => {
          if (mine !== sequence.current) return;
          setPreview(result.ok ? { kind: 'html', html: result.html } : { kind: 'problem', problem: result.error });
        })
        .catch((error: unknown) => {
          if (mine === sequence.current) setPreview({ kind: 'none', note: errorMessage(error) });
        });
    }, PREVIEW_DELAY_MS);
    return () => clearTimeout(timer);
  }, [body, fieldsKey, name, canEdit, client]);

  const dirty = name !== template.name || body !== template.body || docx !== undefined;
  const problem = preview.kind === 'problem' ? preview.problem : null;

  const chooseDocx = (file: File | undefined) => {
    if (!file) return;
    if (file.size > MAX_DOCX_BYTES) {
      setMessage({
        kind: 'error',
        text: `The Word file is ${Math.round(file.size / 1024)} KB; at most ${MAX_DOCX_BYTES / 1000} KB can be uploaded.`,
      });
      return;
    }
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      setDocx({ base64: url.slice(url.indexOf(',') + 1), name: file.name });
    };
    reader.readAsDataURL(file);
  };

  const submit = () => {
    setMessage(null);
    save.mutate(
      {
        key: template.key,
        name,
        body,
        expectedVersion: template.version,
        ...(docx === undefined ? {} : { docx: docx === null ? null : docx.base64 }),
      },
      {
        onSuccess: async (saved) => {
          await queryClient.invalidateQueries({ queryKey: trpc.documentTemplates.pathKey() });
          setMessage({ kind: 'ok', text: `Saved as version ${saved.version}.` });
        },
        onError: (error) => setMessage({ kind: 'error', text: errorMessage(error) }),
      },
    );
  };

  const wordState = docx === null ? 'will be removed' : docx ? `${docx.name} (not saved yet)` : template.hasDocx ? 'attached' : 'none';

  return (
    <section className="template-editor" aria-label={`Template ${template.key}`}>
      <div className="template-editor-head">
        <label className="field-inline">
          <span>Name</span>
          <input className="input" value={name} onChange={(e) => setName(e.target.value)} readOnly={!canEdit} />
        </label>
        <span className="badge" title="Every save makes a new version">
          Version {template.version}
        </span>
        <span className="muted small mono">{template.key}</span>
        {canEdit ? (
          <button type="button" className="btn btn-primary" onClick={submit} disabled={!dirty || save.isPending || name.trim() === ''}>
            {save.isPending ? 'Saving…' : 'Save'}
          </button>
        ) : null}
      </div>
      {message ? (
        <div
          className={message.kind === 'error' ? 'banner banner-error' : 'banner banner-ok'}
          role={message.kind === 'error' ? 'alert' : 'status'}
        >
          {message.text}
        </div>
      ) : null}
      <div className="template-editor-split">
        <TemplateBodyEditor path={`template-${template.key}.hbs`} value={body} onChange={setBody} problem={problem} readOnly={!canEdit} />
        <div className="template-preview">
          {preview.kind === 'html' ? (
            // No allow-* flags: the preview runs no script and cannot reach this page.
            <iframe title="Preview" sandbox="" srcDoc={preview.html} />
          ) : preview.kind === 'problem' ? (
            <div className="banner banner-error" role="alert">
              The template does not compile: {preview.problem.message}
            </div>
          ) : (
            <p className="muted pad">{preview.note}</p>
          )}
        </div>
      </div>
      <div className="template-editor-foot">
        <label className="field template-samples">
          <span>Sample fields (JSON, for the preview only)</span>
          <textarea
            className="input mono"
            rows={8}
            value={samples}
            onChange={(e) => setSamples(e.target.value)}
            spellCheck={false}
            aria-invalid={samplesError ? true : undefined}
          />
          {samplesError ? <span className="form-error">{samplesError}</span> : null}
        </label>
        <div className="field">
          <span>Word template (.docx, optional): {wordState}</span>
          {canEdit ? (
            <div className="row">
              <input
                type="file"
                accept=".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                onChange={(e) => chooseDocx(e.target.files?.[0])}
                aria-label="Upload a Word template"
              />
              {template.hasDocx && docx !== null ? (
                <button type="button" className="btn btn-small btn-ghost" onClick={() => setDocx(null)}>
                  Remove
                </button>
              ) : null}
            </div>
          ) : null}
          <span className="field-hint">
            Tags like {'{customerName}'} and loops {'{#lineItems}…{/lineItems}'} (docxtemplater).
          </span>
        </div>
      </div>
    </section>
  );
}
