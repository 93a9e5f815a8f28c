import { fileURLToPath } from 'node:url';

/** Histories recorded from integration runs (TRACKWAY_RECORD_HISTORIES=1) and committed for replay. */
export const HISTORIES_DIR = fileURLToPath(new URL('../histories', import.meta.url));
