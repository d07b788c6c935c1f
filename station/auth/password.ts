// Operator passwords: scrypt with a per-password salt, compared in constant time. Offline login works
// because the hash lives in the local database.
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const N = 16384;
const R = 8;
const P = 1;
const KEYLEN = 32;

function scrypt(password: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEYLEN, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

/**
 * False for a wrong password and for a stored hash that is not one we could have written (corrupt, edited
 * by hand, cut short): a login must fail like a wrong password, never crash or run a huge scrypt.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key, ...rest] = stored.split('$');
  if (scheme !== 'scrypt' || rest.length || !salt || !key) return false;
  const cost = Number(n);
  const blockSize = Number(r);
  const parallel = Number(p);
  const saltBytes = Buffer.from(salt, 'base64');
  const expected = Buffer.from(key, 'base64');
  const sane =
    Number.isInteger(cost) &&
    cost >= 2 &&
    cost <= 1 << 20 &&
    (cost & (cost - 1)) === 0 &&
    Number.isInteger(blockSize) &&
    blockSize >= 1 &&
    blockSize <= 32 &&
    Number.isInteger(parallel) &&
    parallel >= 1 &&
    parallel <= 16 &&
    saltBytes.length >= 8 &&
    expected.length >= 16 &&
    expected.length <= 64;
  if (!sane) return false;
  try {
    const actual = await scrypt(password, saltBytes, expected.length, {
      N: cost,
      r: blockSize,
      p: parallel,
      maxmem: 64 * 1024 * 1024,
    });
    return timingSafeEqual(expected, actual);
  } catch {
    return false; // parameters scrypt refuses (e.g. more memory than allowed) are a corrupt hash too
  }
}
