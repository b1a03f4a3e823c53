import { createHash, type Hash } from 'node:crypto';

const LEAD_SIZE = 96;
const LEAD_MAGIC = 0xedabeedb;
const HEADER_MAGIC = 0x8eade801;

/** What was measured over a fetched RPM file. */
export interface RpmDigestResult {
  size: number;
  /** MD5 (hex) of header + payload (rpm's SIGMD5, Koji's payloadhash); null when not an RPM file. */
  headerMd5: string | null;
  /** SHA-256 (hex) of the whole file, when asked for. */
  sha256: string | null;
}

/**
 * Incremental digest of an RPM file as it streams by: byte count, MD5 of everything after the
 * signature header (which signing does not change), optionally SHA-256 of the whole file.
 */
export class RpmDigest {
  private size = 0;
  private prefix: Buffer[] = [];
  private prefixLength = 0;
  /** Offset where the main header starts; -1 until known, -2 when the file is not an RPM. */
  private headerStart = -1;
  private readonly md5: Hash = createHash('md5');
  private readonly sha: Hash | null;

  constructor(withSha256: boolean) {
    this.sha = withSha256 ? createHash('sha256') : null;
  }

  update(chunk: Buffer): void {
    const at = this.size;
    this.size += chunk.length;
    this.sha?.update(chunk);
    if (this.headerStart === -1) {
      this.prefix.push(Buffer.from(chunk)); // the caller may reuse its buffer
      this.prefixLength += chunk.length;
      if (this.prefixLength < LEAD_SIZE + 16) return;
      const head = Buffer.concat(this.prefix);
      this.prefix = [];
      this.headerStart = headerOffset(head);
      if (this.headerStart >= 0 && head.length > this.headerStart) this.md5.update(head.subarray(this.headerStart));
      return;
    }
    if (this.headerStart < 0) return;
    if (at >= this.headerStart) this.md5.update(chunk);
    else if (at + chunk.length > this.headerStart) this.md5.update(chunk.subarray(this.headerStart - at));
  }

  result(): RpmDigestResult {
    return {
      size: this.size,
      headerMd5: this.headerStart >= 0 && this.size > this.headerStart ? this.md5.digest('hex') : null,
      sha256: this.sha ? this.sha.digest('hex') : null,
    };
  }
}

/** Offset of the main header, from the lead and the signature header's intro; -2 if not an RPM. */
function headerOffset(head: Buffer): number {
  if (head.readUInt32BE(0) !== LEAD_MAGIC || head.readUInt32BE(LEAD_SIZE) !== HEADER_MAGIC) return -2;
  const entries = head.readUInt32BE(LEAD_SIZE + 8);
  const dataSize = head.readUInt32BE(LEAD_SIZE + 12);
  const signatureSize = 16 + entries * 16 + dataSize;
  return LEAD_SIZE + signatureSize + ((8 - (signatureSize % 8)) % 8);
}
