import { ApplicationFailure } from '@temporalio/common';
import {
  DOCUMENT_FINALIZE_ACTIVITY,
  DOCUMENT_GENERATE_ACTIVITY,
  type DocumentFinalizeInput,
  type DocumentFinalizeOutput,
  type DocumentGenerateInput,
  type DocumentGenerateOutput,
} from '@trackway/nodes';
import type { Db } from '../db/client.ts';
import { DocumentError, finalizeDocument, generateDocument } from './store.ts';

/** A missing or broken template will not fix itself on retry: fail the step at once, saying why. */
async function permanentFailures<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DocumentError) throw ApplicationFailure.nonRetryable(error.message, error.type);
    throw error;
  }
}

/** Both are idempotent by dedupeKey: a retried attempt returns the row the first one wrote. */
export function createDocumentActivities(deps: { db: Db }) {
  const { db } = deps;
  return {
    [DOCUMENT_GENERATE_ACTIVITY]: (input: DocumentGenerateInput): Promise<DocumentGenerateOutput> =>
      permanentFailures(() => generateDocument(db, input)),
    [DOCUMENT_FINALIZE_ACTIVITY]: (input: DocumentFinalizeInput): Promise<DocumentFinalizeOutput> =>
      permanentFailures(() => finalizeDocument(db, input)),
  };
}
