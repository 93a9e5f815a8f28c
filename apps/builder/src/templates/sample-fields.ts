const NAME = '[A-Za-z_][A-Za-z0-9_]*';
const LOOP = new RegExp(`\\{\\{#each\\s+(${NAME})\\s*\\}\\}([\\s\\S]*?)\\{\\{/each\\}\\}`, 'g');
const VALUE = new RegExp(`\\{\\{[#^]?(?:(?:if|unless|with)\\s+)?\\s*(${NAME})\\s*\\}\\}`, 'g');
const KEYWORDS = new Set(['else', 'this', 'if', 'unless', 'each', 'with', 'lookup']);

function names(text: string): string[] {
  return [...new Set([...text.matchAll(VALUE)].map((m) => m[1] as string).filter((n) => !KEYWORDS.has(n)))];
}

/**
 * Starting sample fields for a template's preview, guessed from the names its body uses: each
 * `{{name}}` becomes "[name]", each `{{#each list}}` a list of two items with the names used
 * inside. A starting point to edit, not an analysis of the template.
 */
export function sampleFields(body: string): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  let outside = body;
  for (const [whole, list, inner] of body.matchAll(LOOP)) {
    const item = (n: number) => Object.fromEntries(names(inner ?? '').map((name) => [name, `[${name} ${n}]`]));
    fields[list as string] = [item(1), item(2)];
    outside = outside.replace(whole, '');
  }
  for (const name of names(outside)) if (!(name in fields)) fields[name] = `[${name}]`;
  return fields;
}
