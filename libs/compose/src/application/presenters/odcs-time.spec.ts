import { describe, expect, it } from 'vitest';
import { odcsTime } from './compose-json.presenter.js';

describe('odcsTime', () => {
  it('renders UTC to the second, as ODCS does', () => {
    expect(odcsTime(new Date('2026-12-03T18:57:29.999Z'))).toBe('2026-12-03T18:57:29Z');
    expect(odcsTime(new Date('2024-02-29T00:00:00.000Z'))).toBe('2024-02-29T00:00:00Z');
    expect(odcsTime(new Date('1969-12-31T23:59:59.999Z'))).toBe('1969-12-31T23:59:59Z');
    expect(odcsTime(new Date('1000-01-01T00:00:00Z'))).toBe('1000-01-01T00:00:00Z');
    expect(odcsTime(new Date('9999-12-31T23:59:59.999Z'))).toBe('9999-12-31T23:59:59Z');
    expect(odcsTime(null)).toBeNull();
  });

  it('writes years outside 1000–9999 as ISO 8601 does', () => {
    expect(odcsTime(new Date('0999-06-01T01:02:03.456Z'))).toBe('0999-06-01T01:02:03Z');
    expect(odcsTime(new Date('+010000-01-01T00:00:00.000Z'))).toBe('+010000-01-01T00:00:00Z');
  });

  it('agrees with toISOString on spread-out instants', () => {
    // A fixed walk over 1000–9999 in uneven steps (milliseconds, leap days, month ends).
    const start = Date.UTC(1000, 0, 1);
    const step = 9_876_543_211;
    for (let ms = start; ms < Date.UTC(9999, 11, 31); ms += step) {
      const d = new Date(ms);
      expect(odcsTime(d)).toBe(`${d.toISOString().slice(0, 19)}Z`);
    }
  });
});
