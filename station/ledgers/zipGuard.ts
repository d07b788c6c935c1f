// Guards the xlsx reader against zip bombs: an .xlsx is a zip, and a few hundred kilobytes of zip can
// inflate to gigabytes that the streaming reader would chew through for an hour (or hold in one string).
// Before exceljs sees the file, the central directory is read and every part is inflated once into a
// counter: a part that inflates to more than it declares, more than MAX_RATIO times its compressed size,
// or a workbook that inflates to more than MAX_INFLATED_BYTES in all, is refused with the reason.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline, Readable } from 'node:stream';
import { createInflateRaw, inflateRawSync } from 'node:zlib';
import { MAX_INFLATED_BYTES, MAX_RATIO, MAX_ZIP_ENTRIES } from './limits';

export class FileRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FileRefused';
  }
}

export interface ZipPart {
  name: string;
  method: number;
  compressed: number;
  size: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_COMMENT = 0xffff;
const NOT_A_WORKBOOK = '文件不是有效的 Excel 工作簿（.xlsx）：压缩结构已损坏或不完整';

async function readAt(fd: Awaited<ReturnType<typeof open>>, pos: number, len: number): Promise<Buffer> {
  const buf = Buffer.alloc(len);
  const { bytesRead } = await fd.read(buf, 0, len, pos);
  return buf.subarray(0, bytesRead);
}

/** Sizes above 4 GiB sit in the zip64 extra field (id 1), in this order, only for the fields set to ~0. */
function zip64Sizes(extra: Buffer, e: ZipPart): void {
  for (let p = 0; p + 4 <= extra.length;) {
    const id = extra.readUInt16LE(p);
    const len = extra.readUInt16LE(p + 2);
    if (id === 1) {
      let q = p + 4;
      if (e.size === 0xffffffff) {
        e.size = Number(extra.readBigUInt64LE(q));
        q += 8;
      }
      if (e.compressed === 0xffffffff) {
        e.compressed = Number(extra.readBigUInt64LE(q));
        q += 8;
      }
      if (e.localOffset === 0xffffffff) e.localOffset = Number(extra.readBigUInt64LE(q));
      return;
    }
    p += 4 + len;
  }
}

export async function readCentralDirectory(path: string): Promise<ZipPart[]> {
  const fd = await open(path, 'r');
  try {
    const { size } = await fd.stat();
    const tailLen = Math.min(size, 22 + MAX_COMMENT);
    const tail = await readAt(fd, size - tailLen, tailLen);
    let at = -1;
    for (let i = tail.length - 22; i >= 0; i--)
      if (tail.readUInt32LE(i) === EOCD) {
        at = i;
        break;
      }
    if (at < 0) throw new FileRefused(NOT_A_WORKBOOK);
    const count = tail.readUInt16LE(at + 10);
    const cdSize = tail.readUInt32LE(at + 12);
    const cdOffset = tail.readUInt32LE(at + 16);
    if (count === 0xffff || cdOffset === 0xffffffff)
      throw new FileRefused('文件使用 ZIP64 格式，超出导入的大小上限，请把数据分成几个文件');
    if (count > MAX_ZIP_ENTRIES) throw new FileRefused(`工作簿包含 ${count} 个部件，不像是普通的台账文件`);
    if (cdOffset + cdSize > size) throw new FileRefused(NOT_A_WORKBOOK);
    const cd = await readAt(fd, cdOffset, cdSize);
    const entries: ZipPart[] = [];
    for (let p = 0, i = 0; i < count; i++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL) throw new FileRefused(NOT_A_WORKBOOK);
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      const e: ZipPart = {
        method: cd.readUInt16LE(p + 10),
        compressed: cd.readUInt32LE(p + 20),
        size: cd.readUInt32LE(p + 24),
        localOffset: cd.readUInt32LE(p + 42),
        name: cd.toString('utf8', p + 46, p + 46 + nameLen),
      };
      zip64Sizes(cd.subarray(p + 46 + nameLen, p + 46 + nameLen + extraLen), e);
      entries.push(e);
      p += 46 + nameLen + extraLen + commentLen;
    }
    return entries;
  } finally {
    await fd.close();
  }
}

/** Inflates one part into a counter; refuses when it yields more than it declared. */
function inflatedSize(path: string, start: number, e: ZipPart): Promise<number> {
  return new Promise((resolve, reject) => {
    if (e.compressed === 0) return resolve(0);
    const input = createReadStream(path, { start, end: start + e.compressed - 1 });
    const inflate = createInflateRaw();
    let n = 0;
    const stop = (err: Error) => {
      input.destroy();
      inflate.destroy();
      reject(err);
    };
    inflate.on('data', (chunk: Buffer) => {
      n += chunk.length;
      if (n > e.size)
        stop(
          new FileRefused(
            `工作簿的部件 ${e.name} 解压后大于其声明的大小：文件可能被篡改（压缩炸弹），已拒绝`,
          ),
        );
    });
    inflate.on('end', () => resolve(n));
    inflate.on('error', () => stop(new FileRefused(NOT_A_WORKBOOK)));
    input.on('error', (err) => stop(err));
    input.pipe(inflate);
  });
}

/** Checks an xlsx before it is read; throws FileRefused with a reason a person can act on. */
export async function checkXlsxZip(path: string): Promise<void> {
  const entries = await readCentralDirectory(path);
  if (!entries.some((e) => e.name === 'xl/workbook.xml'))
    throw new FileRefused('文件是压缩包，但不是 Excel 工作簿（.xlsx）：缺少 xl/workbook.xml');
  let declared = 0;
  for (const e of entries) {
    if (e.method !== 0 && e.method !== 8)
      throw new FileRefused(`工作簿的部件 ${e.name} 使用了不支持的压缩方式`);
    declared += e.size;
    if (e.size > 1_000_000 && e.size > e.compressed * MAX_RATIO)
      throw new FileRefused(
        `工作簿的部件 ${e.name} 压缩比异常（${Math.round(e.size / Math.max(1, e.compressed))} 倍，解压后 ${Math.round(e.size / 1_048_576)} MB）：疑似压缩炸弹，已拒绝`,
      );
  }
  if (declared > MAX_INFLATED_BYTES)
    throw new FileRefused(
      `工作簿解压后共 ${Math.round(declared / 1_048_576)} MB，超过导入上限，请把数据分成几个文件`,
    );
  const fd = await open(path, 'r');
  let total = 0;
  try {
    for (const e of entries) {
      const head = await readAt(fd, e.localOffset, 30);
      if (head.length < 30 || head.readUInt32LE(0) !== LOCAL) throw new FileRefused(NOT_A_WORKBOOK);
      const start = e.localOffset + 30 + head.readUInt16LE(26) + head.readUInt16LE(28);
      if (e.method === 0) {
        if (e.compressed !== e.size) throw new FileRefused(NOT_A_WORKBOOK);
        total += e.size;
      } else total += await inflatedSize(path, start, e);
    }
  } finally {
    await fd.close();
  }
  if (total > MAX_INFLATED_BYTES)
    throw new FileRefused(
      `工作簿解压后共 ${Math.round(total / 1_048_576)} MB，超过导入上限，请把数据分成几个文件`,
    );
}

/** One small part of a checked zip, inflated whole (the workbook's sheet list). */
export async function readZipEntry(path: string, name: string, maxBytes = 4_000_000): Promise<Buffer | null> {
  const e = (await readCentralDirectory(path)).find((x) => x.name === name);
  if (!e) return null;
  if (e.size > maxBytes) throw new FileRefused(`工作簿的部件 ${name} 过大`);
  const fd = await open(path, 'r');
  try {
    const head = await readAt(fd, e.localOffset, 30);
    const start = e.localOffset + 30 + head.readUInt16LE(26) + head.readUInt16LE(28);
    const raw = await readAt(fd, start, e.compressed);
    return e.method === 0 ? raw : inflateRawSync(raw, { maxOutputLength: maxBytes });
  } finally {
    await fd.close();
  }
}

/** The first `bytes` of a part, inflated (enough to read a worksheet's <dimension> without the rest). */
export async function readZipEntryHead(path: string, name: string, bytes = 65_536): Promise<Buffer | null> {
  const e = (await readCentralDirectory(path)).find((x) => x.name === name);
  if (!e || e.compressed === 0) return null;
  const fd = await open(path, 'r');
  let start: number;
  try {
    const head = await readAt(fd, e.localOffset, 30);
    start = e.localOffset + 30 + head.readUInt16LE(26) + head.readUInt16LE(28);
    if (e.method === 0) return await readAt(fd, start, Math.min(bytes, e.compressed));
  } finally {
    await fd.close();
  }
  return new Promise((resolve) => {
    const input = createReadStream(path, { start, end: start + e.compressed - 1 });
    const inflate = createInflateRaw();
    const chunks: Buffer[] = [];
    let n = 0;
    const done = () => {
      input.destroy();
      inflate.destroy();
      resolve(Buffer.concat(chunks).subarray(0, bytes));
    };
    inflate.on('data', (c: Buffer) => {
      chunks.push(c);
      n += c.length;
      if (n >= bytes) done();
    });
    inflate.on('end', done);
    inflate.on('error', done);
    input.pipe(inflate);
  });
}

/**
 * One part of a checked zip as a stream of its inflated bytes, found through the central directory (`parts`
 * from readCentralDirectory): a worksheet is streamed, never held whole. Destroying the stream closes the file.
 */
export async function openZipPart(
  path: string,
  parts: readonly ZipPart[],
  name: string,
): Promise<Readable | null> {
  const e = parts.find((x) => x.name === name);
  if (!e) return null;
  if (e.compressed === 0) return Readable.from([]);
  const fd = await open(path, 'r');
  let start: number;
  try {
    const head = await readAt(fd, e.localOffset, 30);
    if (head.length < 30 || head.readUInt32LE(0) !== LOCAL) throw new FileRefused(NOT_A_WORKBOOK);
    start = e.localOffset + 30 + head.readUInt16LE(26) + head.readUInt16LE(28);
  } finally {
    await fd.close();
  }
  const input = createReadStream(path, { start, end: start + e.compressed - 1 });
  if (e.method === 0) return input;
  // an error on either side reaches the reader as the inflated stream's 'error'; an early destroy closes both
  return pipeline(input, createInflateRaw(), () => undefined);
}
