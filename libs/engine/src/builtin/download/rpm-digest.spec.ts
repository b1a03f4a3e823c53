import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkDigest } from './digest-check.js';
import { RpmDigest } from './rpm-digest.js';

/** A file shaped like an RPM: 96-byte lead, a signature header of `entries`/`data` sizes, padding, then header+payload. */
function fakeRpm(entries: number, data: number, body: Buffer): { file: Buffer; bodyMd5: string } {
  const lead = Buffer.alloc(96);
  lead.writeUInt32BE(0xedabeedb, 0);
  const intro = Buffer.alloc(16);
  intro.writeUInt32BE(0x8eade801, 0);
  intro.writeUInt32BE(entries, 8);
  intro.writeUInt32BE(data, 12);
  const signatureSize = 16 + entries * 16 + data;
  const signature = Buffer.concat([intro, Buffer.alloc(entries * 16 + data, 7), Buffer.alloc((8 - (signatureSize % 8)) % 8)]);
  return { file: Buffer.concat([lead, signature, body]), bodyMd5: createHash('md5').update(body).digest('hex') };
}

function digestInChunks(file: Buffer, chunk: number, sha = false) {
  const digest = new RpmDigest(sha);
  for (let i = 0; i < file.length; i += chunk) digest.update(file.subarray(i, i + chunk));
  return digest.result();
}

describe('RpmDigest', () => {
  const body = Buffer.from('header and payload bytes '.repeat(200));

  it.each([1, 7, 100, 4096, 1 << 20])('hashes header+payload after the padded signature, in chunks of %d', (chunk) => {
    const { file, bodyMd5 } = fakeRpm(3, 13, body);
    const result = digestInChunks(file, chunk, true);
    expect(result).toEqual({ size: file.length, headerMd5: bodyMd5, sha256: createHash('sha256').update(file).digest('hex') });
  });

  it('gives no header digest for a file that is not an RPM', () => {
    expect(digestInChunks(Buffer.alloc(500, 1), 64).headerMd5).toBeNull();
    expect(digestInChunks(Buffer.alloc(10, 1), 64)).toEqual({ size: 10, headerMd5: null, sha256: null });
  });
});

describe('checkDigest', () => {
  const got = { size: 10, headerMd5: 'a'.repeat(32), sha256: 'b'.repeat(64) };

  it('accepts a match of everything known', () => {
    expect(checkDigest({ verify: {} }, got)).toBeNull();
    expect(checkDigest({ verify: { size: 10, headerMd5: 'a'.repeat(32), sha256: 'b'.repeat(64) } }, got)).toBeNull();
  });

  it('says what differs', () => {
    expect(checkDigest({ verify: { size: 11 } }, got)).toBe('has 10 bytes, expected 11');
    expect(checkDigest({ verify: { headerMd5: 'c'.repeat(32) } }, got)).toBe(
      `has header+payload MD5 ${'a'.repeat(32)}, expected ${'c'.repeat(32)}`,
    );
    expect(checkDigest({ verify: { headerMd5: 'c'.repeat(32) } }, { ...got, headerMd5: null })).toBe('is not an RPM file');
    expect(checkDigest({ verify: { sha256: 'd' } }, got)).toBe(`has SHA-256 ${'b'.repeat(64)}, expected d`);
  });
});
