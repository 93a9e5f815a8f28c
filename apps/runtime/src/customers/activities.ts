import { ApplicationFailure } from '@temporalio/common';
import { CUSTOMER_LOOKUP_ACTIVITY, type CustomerLookupActivityInput, type CustomerLookupResult } from '@trackway/nodes';
import { HttpClientError, HttpRefusedError, type HttpClient } from '@trackway/nodes/http';
import type { Db } from '../db/client.ts';
import { createCustomerDirectory } from './directory.ts';
import { CrmLookupError, lookupViaHttp } from './http-lookup.ts';
import { normaliseEmail, normalisePhone } from './normalize.ts';

export interface CustomerActivityDeps {
  readonly db: Db;
  readonly http: HttpClient;
  /** For phone numbers without a country code when the node names none (TRACKWAY_DEFAULT_PHONE_COUNTRY). */
  readonly defaultPhoneCountry?: string;
}

/** Failures that asking again cannot fix become non-retryable, so the run fails now instead of in an hour. */
function toFailure(error: unknown): unknown {
  if (error instanceof HttpRefusedError) return ApplicationFailure.nonRetryable(error.message, 'HttpRefused');
  if (error instanceof CrmLookupError && !error.retryable) return ApplicationFailure.nonRetryable(error.message, 'CustomerLookupConfig');
  if (error instanceof HttpClientError && (error.code === 'HTTP_TOO_LARGE' || error.code === 'HTTP_TOO_MANY_REDIRECTS')) {
    return ApplicationFailure.nonRetryable(error.message, 'CustomerLookupConfig');
  }
  return error;
}

export function createCustomerActivities(deps: CustomerActivityDeps) {
  const directory = createCustomerDirectory(deps.db);
  return {
    /** Read-only, so Temporal's retries are harmless; the dedupe key is not needed. */
    async [CUSTOMER_LOOKUP_ACTIVITY](input: CustomerLookupActivityInput): Promise<CustomerLookupResult> {
      const defaultCountry = input.defaultCountry ?? deps.defaultPhoneCountry;
      const options = defaultCountry ? { defaultCountry } : {};
      if (input.source === 'directory') return directory.lookup(input.by, input.value, options);
      if (!input.http)
        throw ApplicationFailure.nonRetryable('the node has source "http" but no CRM request configured', 'CustomerLookupConfig');
      // The CRM gets one spelling of each phone number and e-mail address, the one we store too.
      let value = input.value.trim();
      if (input.by !== 'id') {
        const normalised = input.by === 'phone' ? normalisePhone(value, defaultCountry) : normaliseEmail(value);
        if (!normalised.ok) return { found: false, query: { by: input.by, value: input.value }, reason: normalised.reason };
        value = normalised.value;
      }
      try {
        const result = await lookupViaHttp(deps.http, input.http, input.by, value);
        return result.found ? result : { ...result, query: { by: input.by, value: input.value } };
      } catch (error) {
        throw toFailure(error);
      }
    },
  };
}
