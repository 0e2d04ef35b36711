/** Ids of instruments and modules: what a TOML bare key and a file name can both hold. */
import { z } from 'zod';

export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export const idSchema = z
  .string({ error: 'must be a string' })
  .regex(ID_PATTERN, { message: 'must be 1-64 characters of A-Z, a-z, 0-9, _ or -' });
