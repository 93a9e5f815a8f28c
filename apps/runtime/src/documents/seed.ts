import type { Db } from '../db/client.ts';
import { buildDocx } from './docx-skeleton.ts';

/** The demo's document templates (scenarios 2 and 3), as a process owner would write them. */
export const DEMO_TEMPLATES = [
  {
    key: 'act-of-completed-work',
    name: 'Act of completed work',
    body: `<h1>Act of completed work</h1>
<p>Request <strong>{{requestId}}</strong></p>
<table>
  <tr><th>Customer</th><td>{{customerName}}</td></tr>
  <tr><th>Resolved at</th><td>{{resolvedAt}}</td></tr>
  <tr><th>Performed by</th><td>{{staffMember}}</td></tr>
</table>
<h2>Work performed</h2>
<p>{{description}}</p>
<p>The work described above has been completed in full. The customer has no claims regarding its scope, quality or timing.</p>
<table>
  <tr><td>Customer: {{customerName}}</td><td>Contractor: {{staffMember}}</td></tr>
</table>
`,
    docx: () =>
      buildDocx([
        { text: 'Act of completed work', style: 'Title' },
        { text: 'Request {requestId}', bold: true },
        { text: 'Customer: {customerName}' },
        { text: 'Resolved at: {resolvedAt}' },
        { text: 'Performed by: {staffMember}' },
        { text: 'Work performed', style: 'Heading1' },
        { text: '{description}' },
        { text: 'The work described above has been completed in full. The customer has no claims regarding its scope, quality or timing.' },
      ]),
  },
  {
    key: 'invoice',
    name: 'Invoice',
    body: `<h1>Invoice {{invoiceId}}</h1>
<p><strong>{{customerName}}</strong>{{#if postalAddress}}<br>{{postalAddress}}{{/if}}{{#if personalPhone}}<br>Phone: {{personalPhone}}{{/if}}</p>
<table>
  <thead><tr><th>Description</th><th style="text-align: right">Amount</th></tr></thead>
  <tbody>
    {{#each lineItems}}<tr><td>{{description}}</td><td style="text-align: right">{{amount}}</td></tr>{{/each}}
    <tr><td><strong>Total</strong></td><td style="text-align: right"><strong>{{amount}}</strong></td></tr>
  </tbody>
</table>
<p>Please pay by <strong>{{dueDate}}</strong>.</p>
`,
    docx: () =>
      buildDocx([
        { text: 'Invoice {invoiceId}', style: 'Title' },
        { text: '{customerName}', bold: true },
        // Sections, so a field a reviewer removed takes its line with it.
        { text: '{#postalAddress}' },
        { text: '{postalAddress}' },
        { text: '{/postalAddress}' },
        { text: '{#personalPhone}' },
        { text: 'Phone: {personalPhone}' },
        { text: '{/personalPhone}' },
        { text: '{#lineItems}' },
        { text: '{description}: {amount}' },
        { text: '{/lineItems}' },
        { text: 'Total: {amount}', bold: true },
        { text: 'Please pay by {dueDate}.' },
      ]),
  },
] as const;

/** Idempotent: creates missing templates, never overwrites one a process owner has edited. */
export async function seedDocumentTemplates(db: Db): Promise<void> {
  for (const template of DEMO_TEMPLATES) {
    await db.documentTemplate.upsert({
      where: { key: template.key },
      create: { key: template.key, name: template.name, body: template.body, docx: new Uint8Array(template.docx()) },
      update: {},
    });
  }
}
