// The USB bundle (issue 13): what a station whose line is down hands to the district on a USB stick, and the
// receipt that comes back the same way. A bundle is one JSON file: a header in clear (what it is, which
// station, when) and the payload gzip-ed and sealed with AES-256-GCM. The key is derived from the station's
// credential as the district stores it (sha256 of the secret), so only that station and the district can
// write or read it; the header is the cipher's associated data, so changing any byte of header or payload
// makes it unreadable (tampered) — the GCM tag is the signature. The files are written 0600.
// Shared by the station (writes outbox bundles, reads receipts) and the server (the reverse).
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, renameSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { modesHonoured, PRIVATE_FILE_MODE } from './privateData';

export const BUNDLE_FORMAT = 'liuqing-bundle/1';
export type BundleKind = 'outbox' | 'receipt';

export interface BundleHeader {
  format: typeof BUNDLE_FORMAT;
  kind: BundleKind;
  bundleId: string;
  stationId: string;
  communityCode: string;
  createdAt: string;
  /** For a receipt: the outbox bundle it answers. */
  answers?: string;
}

interface BundleFile extends BundleHeader {
  iv: string;
  tag: string;
  data: string;
}

export class BundleRefused extends Error {
  constructor(
    readonly reason: 'unreadable' | 'tampered' | 'foreign' | 'revoked' | 'wrong_kind' | 'gap' | 'version',
    message: string,
  ) {
    super(message);
    this.name = 'BundleRefused';
  }
}

/** The district's form of a credential's secret: what it stores, and what both sides derive the key from. */
export function credentialHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** `<stationId>.<secret>` (the station's credential) → the stored hash. */
export function credentialHashOf(credential: string): string {
  return credentialHash(credential.slice(credential.indexOf('.') + 1));
}

function keyOf(hash: string, stationId: string): Buffer {
  return Buffer.from(
    hkdfSync('sha256', Buffer.from(hash, 'utf8'), Buffer.from(stationId, 'utf8'), 'liuqing bundle v1', 32),
  );
}

function aad(h: BundleHeader): Buffer {
  return Buffer.from(
    JSON.stringify([
      h.format,
      h.kind,
      h.bundleId,
      h.stationId,
      h.communityCode,
      h.createdAt,
      h.answers ?? null,
    ]),
  );
}

export function sealBundle(header: BundleHeader, payload: unknown, credentialHashHex: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(credentialHashHex, header.stationId), iv);
  cipher.setAAD(aad(header));
  const data = Buffer.concat([cipher.update(gzipSync(Buffer.from(JSON.stringify(payload)))), cipher.final()]);
  const file: BundleFile = {
    ...header,
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
  return JSON.stringify(file);
}

/** The header only, before the key is known (which station wrote it). */
export function readBundleHeader(text: string): BundleHeader {
  let raw: Partial<BundleFile>;
  try {
    raw = JSON.parse(text) as Partial<BundleFile>;
  } catch {
    throw new BundleRefused('unreadable', '这不是六清的数据包文件（无法读取），请确认选对了文件');
  }
  if (
    !raw ||
    raw.format !== BUNDLE_FORMAT ||
    (raw.kind !== 'outbox' && raw.kind !== 'receipt') ||
    typeof raw.bundleId !== 'string' ||
    typeof raw.stationId !== 'string' ||
    typeof raw.communityCode !== 'string' ||
    typeof raw.createdAt !== 'string' ||
    typeof raw.iv !== 'string' ||
    typeof raw.tag !== 'string' ||
    typeof raw.data !== 'string'
  )
    throw new BundleRefused('unreadable', '这不是六清的数据包文件（格式不对），请确认选对了文件');
  return {
    format: raw.format,
    kind: raw.kind,
    bundleId: raw.bundleId,
    stationId: raw.stationId,
    communityCode: raw.communityCode,
    createdAt: raw.createdAt,
    ...(typeof raw.answers === 'string' ? { answers: raw.answers } : {}),
  };
}

export function openBundle(
  text: string,
  credentialHashHex: string,
): { header: BundleHeader; payload: unknown } {
  const header = readBundleHeader(text);
  const raw = JSON.parse(text) as BundleFile;
  try {
    const decipher = createDecipheriv(
      'aes-256-gcm',
      keyOf(credentialHashHex, header.stationId),
      Buffer.from(raw.iv, 'base64'),
    );
    decipher.setAAD(aad(header));
    decipher.setAuthTag(Buffer.from(raw.tag, 'base64'));
    const plain = Buffer.concat([decipher.update(Buffer.from(raw.data, 'base64')), decipher.final()]);
    return { header, payload: JSON.parse(gunzipSync(plain).toString('utf8')) };
  } catch {
    throw new BundleRefused(
      'tampered',
      '数据包已被改动，或不是这台工作站用当前凭据写的，拒收；请在工作站重新导出数据包',
    );
  }
}

/** Written whole or not at all, readable only by this account. */
export function writeBundleFile(file: string, text: string): void {
  const tmp = `${file}.partial`;
  writeFileSync(tmp, text, { mode: PRIVATE_FILE_MODE });
  if (modesHonoured()) chmodSync(tmp, PRIVATE_FILE_MODE);
  renameSync(tmp, file);
}
