import { describe, expect, it } from 'vitest';
import { COMPOSE_TYPE_SUFFIXES, composeTypeSuffix, formatComposeDate, formatPungiComposeId } from './compose-id.js';

describe('compose id', () => {
  it('has the productmd suffix of every compose type', () => {
    expect(COMPOSE_TYPE_SUFFIXES).toEqual({ production: '', nightly: '.n', test: '.t', ci: '.ci', development: '.d' });
  });

  it('treats unknown and missing compose types as test', () => {
    expect(composeTypeSuffix('other')).toBe('.t');
    expect(composeTypeSuffix(null)).toBe('.t');
  });

  it('formats the local date as YYYYMMDD', () => {
    expect(formatComposeDate(new Date(2024, 0, 5, 23, 59))).toBe('20240105');
    expect(formatComposeDate(new Date(2031, 11, 31, 0, 0))).toBe('20311231');
  });

  it.each([
    ['test', 0, 'odcs-5-1-20240101.t.0'],
    ['nightly', 2, 'odcs-5-1-20240101.n.2'],
    ['production', 1, 'odcs-5-1-20240101.1'],
    ['ci', 0, 'odcs-5-1-20240101.ci.0'],
    ['development', 0, 'odcs-5-1-20240101.d.0'],
  ])('formats a %s compose id with respin %i', (type, respin, id) => {
    expect(formatPungiComposeId({ releaseShort: 'odcs-5', releaseVersion: '1', date: '20240101', composeType: type, respin })).toBe(id);
  });
});
