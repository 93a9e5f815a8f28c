import { z } from 'zod';

/** Ids are identity (edges reference them); labels are free text. */
export const IdSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'must start with a letter and use only letters, digits, "_" or "-" (max 64)');

/** Names usable inside expressions (`vars.<name>`, `input.<name>`): no dashes. */
export const IdentifierSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'must be an identifier: a letter or "_" then letters, digits or "_"');
