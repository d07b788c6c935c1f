// The rows a batch did not import, as an .xlsx the assistant can fix and import again: the original
// columns under the original headers (the lower level of a two-level header, which the importer
// recognises on its own), then the row's number in the original file and the reasons.
import { ApiError } from '../../shared/errors';
import type { FileOut } from '../../shared/contract/ledgers';
import type { Executor } from '../db/schema';
import { getBatch, layoutOf } from './batches';
import { stagingPath } from './files';
import { existsSync } from 'node:fs';
import { Staging } from './staging';
import { writeXlsx } from './xlsxOut';

export async function rejectedFile(db: Executor, dataDir: string, batchId: string): Promise<FileOut> {
  const b = await getBatch(db, batchId);
  const layout = layoutOf(b);
  const path = stagingPath(dataDir, batchId);
  if (!layout || !existsSync(path))
    throw new ApiError('not_found', '该批次没有可下载的未导入行（可能尚未预览，或已超过保存期限）');
  const staging = await Staging.open(path, false);
  try {
    const width = Math.max(0, ...layout.columns.map((c) => c.index + 1));
    const columns = Array.from({ length: width }, (_, i) => {
      const c = layout.columns.find((x) => x.index === i);
      return { header: c ? c.header.split('·').pop()! : '', width: 16 };
    });
    async function* rows() {
      for await (const chunk of staging.chunks(['reject'], 500))
        for (const r of chunk) {
          const cells = Array.from({ length: width }, (_, i) => r.cells[i] || null);
          const reasons = r.issues.map((i) => (i.header ? `${i.header}：${i.reason}` : i.reason)).join('；');
          yield [...cells, r.rowNo, reasons];
        }
    }
    const out = await writeXlsx({
      name: '未导入的行',
      columns: [...columns, { header: '原行号', width: 8 }, { header: '拒绝原因', width: 60 }],
      rows: rows(),
    });
    const base = b.file_name.replace(/\.(xlsx|csv|txt)$/iu, '');
    return { fileName: `${base}-未导入行.xlsx`, base64: out.base64, rows: out.rows };
  } finally {
    await staging.close();
  }
}
