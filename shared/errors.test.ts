import { describe, expect, it } from 'vitest';
import { AppError, appErrorSchema, errorCodes, fail, formatConfigIssue, ok, toAppErrorData, type ConfigIssue } from './errors.js';

describe('errors', () => {
  it('formats a config issue as file:line:column with the key path', () => {
    const issue: ConfigIssue = { file: 'a.toml', line: 3, column: 7, path: 'storage.default_path', message: 'must not be empty', severity: 'error' };
    expect(formatConfigIssue(issue)).toBe('a.toml:3:7: must not be empty (storage.default_path)');
    expect(formatConfigIssue({ ...issue, severity: 'warning', path: '' })).toBe('a.toml:3:7: warning: must not be empty');
  });

  it('turns an AppError into wire data with its code and details', () => {
    expect(toAppErrorData(new AppError('NOT_FOUND', 'no instrument "x"', { id: 'x' }))).toEqual({
      code: 'NOT_FOUND',
      message: 'no instrument "x"',
      details: { id: 'x' },
    });
    expect(toAppErrorData(new AppError('TIMEOUT', 'slow'))).toEqual({ code: 'TIMEOUT', message: 'slow' });
  });

  it('turns any other throw into INTERNAL, keeping its message', () => {
    expect(toAppErrorData(new TypeError('boom'))).toEqual({ code: 'INTERNAL', message: 'boom' });
    expect(toAppErrorData('plain string')).toEqual({ code: 'INTERNAL', message: 'plain string' });
  });

  it('builds results whose errors validate against the wire schema', () => {
    expect(ok(5)).toEqual({ ok: true, value: 5 });
    const withDetails = fail('IN_USE', 'used', { by: ['m'] });
    const plain = fail('VALIDATION', 'bad');
    expect(withDetails).toEqual({ ok: false, error: { code: 'IN_USE', message: 'used', details: { by: ['m'] } } });
    expect(plain).toEqual({ ok: false, error: { code: 'VALIDATION', message: 'bad' } });
    for (const r of [withDetails, plain]) if (!r.ok) expect(appErrorSchema.parse(r.error)).toEqual(r.error);
    expect(appErrorSchema.safeParse({ code: 'NOPE', message: 'x' }).success).toBe(false);
    expect(new Set(errorCodes).size).toBe(errorCodes.length);
  });
});
