import { describe, expect, it } from 'vitest';
import { checkTemplate, htmlDocument, renderTemplate, TemplateError } from './template.ts';

function failure(body: string): TemplateError {
  try {
    checkTemplate(body);
  } catch (error) {
    if (error instanceof TemplateError) return error;
    throw error;
  }
  throw new Error(`expected "${body}" to be refused`);
}

describe('document templates (Handlebars)', () => {
  it('renders fields, conditionals and lists', () => {
    const body =
      '<h1>Invoice {{invoiceId}}</h1>{{#if vip}}<p>VIP</p>{{/if}}<ul>{{#each lineItems}}<li>{{@index}}: {{description}} {{amount}}</li>{{/each}}</ul>';
    const html = renderTemplate(body, {
      invoiceId: 'INV-7',
      vip: false,
      lineItems: [
        { description: 'Setup', amount: 100 },
        { description: 'Support', amount: 50 },
      ],
    });
    expect(html).toBe('<h1>Invoice INV-7</h1><ul><li>0: Setup 100</li><li>1: Support 50</li></ul>');
  });

  it('escapes HTML in values', () => {
    const html = renderTemplate('<p>{{name}}</p><a title="{{name}}">x</a>', { name: '<script>alert(1)</script>"&\'' });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&amp;&#x27;');
  });

  it('a missing field renders as nothing', () => {
    expect(renderTemplate('<p>[{{postalAddress}}]</p>', {})).toBe('<p>[]</p>');
  });

  it.each([
    '{{constructor.constructor}}',
    '{{#with constructor}}{{constructor}}{{/with}}',
    '{{lookup this "constructor"}}',
    '{{__proto__}}',
    '{{name.constructor.name}}',
    '{{#with name}}{{toString}}{{/with}}',
    '{{lineItems.constructor.prototype}}',
  ])('prototype access %s renders nothing', (body) => {
    expect(renderTemplate(body, { name: 'Ann', lineItems: [] })).toBe('');
  });

  it('cannot call into globals: unknown helpers, partials, decorators and raw output are refused', () => {
    expect(failure('{{constructor.constructor "return process"}}').message).toMatch(/unknown helper constructor/);
    expect(failure('{{log "x"}}').message).toMatch(/unknown helper log/);
    expect(failure('{{> header}}').message).toMatch(/partials/);
    expect(failure('{{#*inline "x"}}y{{/inline}}').message).toMatch(/decorators/);
    expect(failure('<p>{{{raw}}}</p>').message).toMatch(/raw HTML/);
    expect(failure('<p>{{& raw}}</p>').message).toMatch(/raw HTML/);
  });

  it('reports where a template does not compile, by line and column', () => {
    const unclosed = failure('<h1>Act</h1>\n<p>{{ customerName </p>');
    expect(unclosed.line).toBe(2);
    expect(unclosed.message).toMatch(/^line 2, column \d+: a \{\{ \}\} tag is not written correctly/);

    const open = failure('<p>\n{{#if paid}}\n<b>paid</b>');
    expect(open.message).toMatch(/^line 3, column \d+: the template ends too early: a \{\{#block\}\} is missing its \{\{\/block\}\}/);

    expect(failure('{{a}}\n{{b c=}}').message).toBe('line 2, column 7: syntax error: unexpected "}}"');

    const mismatched = failure('<p>\n  {{#if paid}}\n  {{/each}}');
    expect(mismatched).toMatchObject({ line: 2, column: 6 });
    expect(mismatched.message).toBe("line 2, column 6: if doesn't match each");

    const raw = failure('a\nb\n  {{{x}}}');
    expect(raw).toMatchObject({ line: 3, column: 3 });

    const empty = failure('ok\n{{a}} {{ }}');
    expect(empty).toMatchObject({ line: 2, column: 10 });
  });

  it('wraps a fragment into a whole HTML document with an escaped title, and keeps a whole document as it is', () => {
    const doc = htmlDocument('Act <1>', '<p>x</p>');
    expect(doc).toMatch(/^<!doctype html>/);
    expect(doc).toContain('<title>Act &lt;1&gt;</title>');
    expect(doc).toContain('<p>x</p>');
    const own = '<html><body>mine</body></html>';
    expect(htmlDocument('t', own)).toBe(own);
  });
});
