import { describe, expect, it } from 'vitest';
import { sampleFields } from './sample-fields.ts';

describe('sampleFields', () => {
  it('guesses values and lists from the names a template uses', () => {
    const body = `<h1>Invoice {{ invoiceId }}</h1>{{#if postalAddress}}{{postalAddress}}{{/if}}
{{#each lineItems}}<tr><td>{{description}}</td><td>{{amount}}</td></tr>{{else}}none{{/each}}<p>{{amount}}</p>`;
    expect(sampleFields(body)).toEqual({
      invoiceId: '[invoiceId]',
      postalAddress: '[postalAddress]',
      amount: '[amount]',
      lineItems: [
        { description: '[description 1]', amount: '[amount 1]' },
        { description: '[description 2]', amount: '[amount 2]' },
      ],
    });
  });

  it('is empty for a template without fields', () => {
    expect(sampleFields('<p>Hello</p>{{else}}')).toEqual({});
  });
});
