// `npm run server -- <command>`: the district server and its admin commands, on the SQLite store under
// --data <dir>, or on PostgreSQL when DATABASE_URL is set. Output for people is Chinese; --json is for scripts.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createServer, type ServerOptions } from './index';
import { SyncError } from './errors';
import { DEFAULT_REFERENCE, parseReferenceFile } from './reference';
import { backupSqlite, markRestored, restoreSqlite } from './backup';
import { importBundle } from './delivery/importBundle';
import { publishRelease, releasesDirOf, requireVersion } from './delivery/releases';
import { BundleRefused, writeBundleFile } from '../nodelib/bundle';

/** 六清数据包-….lqb → 六清回执-….lqb beside it. */
function receiptPathFor(file: string): string {
  const i = file.lastIndexOf('六清数据包');
  if (i >= 0) return file.slice(0, i) + '六清回执' + file.slice(i + '六清数据包'.length);
  return file.replace(/(\.lqb)?$/, '.receipt.lqb');
}
import { addUser } from './console/accounts';
import { ConsoleError } from './console/errors';
import { ensureConsoleBuilt } from './console/build';

const USAGE = `用法: npm run server -- <命令> [--data <目录>]   （或设置环境变量 DATABASE_URL 使用 PostgreSQL）
  serve --port <端口> [--host 127.0.0.1]          启动区服务器
  add-station --community <12位社区代码> [--name <名称>] [--json]   新增工作站，打印一次性注册码（7天有效）
  list-stations [--json]                          列出工作站
  revoke-station <工作站编号>                       停用工作站
  load-reference [--file <json>]                  导入参考数据（街道、社区、援助类别）；不给文件则用内置江干区数据
  transfer-resident --resident <居民编号> --to <社区代码>   居民迁移到另一社区
  backup --to <文件>                               备份区数据库（SQLite，服务器运行时也可以）；PostgreSQL 用 pg_dump
  restore --from <文件>                            先停止区服务器；从备份恢复并开始新纪元，工作站会补传并重新下载
  store-size [--keep-days N] [--json]             各表占用空间、每位居民平均占用，以及现在整理可以删去多少
  compact [--keep-days N] [--json]                现在整理：删去各工作站都已下载、且超过 N 天（默认 30）的修改记录和旧回执
  mark-restored                                   数据库已用其他方式恢复（如 pg_restore）后运行：开始新纪元
  list-merges [--status open|resolved|withdrawn] [--json]   列出合并任务（同一身份证号在两个社区登记）
  resolve-merge <任务编号> --keep <社区代码> [--operator <姓名>]   决定合并：由哪个社区保留此人
  import-bundle --file <数据包> [--out <回执文件>]    导入工作站用 U 盘带来的数据包，写出回执（带回工作站读入）
  publish-release --file <安装包> --version <版本> [--rollout <百分比>]   发布新版本，工作站自动更新
  require-version <版本>                           低于此版本的工作站同步时会被告知先更新
  subsidy-decide <申请编号> --approve|--refuse|--pay [--reason <理由>] [--date YYYY-MM-DD] [--operator <姓名>]
                                                  审批补贴申请（不批准须写理由；发放写发放日期）
  subsidy-totals --from YYYY-MM-DD --to YYYY-MM-DD [--community <社区代码>] [--json]   各政策人次和金额
  training-rate --from YYYY-MM-DD --to YYYY-MM-DD [--course <课程编号>] [--provider <培训机构>] [--community <社区代码>] [--json]
                                                  培训就业率：期间结业人数、结业后六个月内就业人数
  fair-summary <招聘会编号> [--json]              招聘会的五个数：参会单位、岗位数、报名人数、达成意向、录用人数（全区）
  add-user --username <用户名> --role district|street|viewer [--street <9位街道代码>] [--json]
                                                  新增区控制台账号（已有则重置），打印一次性密码`;

const PG_BACKUP =
  'PostgreSQL 的区数据库请用 pg_dump 备份（例如 pg_dump -Fc -f district.dump "$DATABASE_URL"），' +
  '用 pg_restore 恢复（先停止区服务器），恢复后运行 npm run server -- mark-restored，工作站会在下次同步时补传并重新下载';

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      data: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      community: { type: 'string' },
      name: { type: 'string' },
      json: { type: 'boolean' },
      file: { type: 'string' },
      resident: { type: 'string' },
      to: { type: 'string' },
      operator: { type: 'string' },
      retention: { type: 'string' },
      'keep-days': { type: 'string' },
      keep: { type: 'string' },
      status: { type: 'string' },
      from: { type: 'string' },
      out: { type: 'string' },
      version: { type: 'string' },
      rollout: { type: 'string' },
      username: { type: 'string' },
      role: { type: 'string' },
      street: { type: 'string' },
      approve: { type: 'boolean' },
      refuse: { type: 'boolean' },
      pay: { type: 'boolean' },
      reason: { type: 'string' },
      date: { type: 'string' },
      course: { type: 'string' },
      provider: { type: 'string' },
    },
  });
  if (!command || command === 'help' || command === '--help') {
    console.log(USAGE);
    return command ? 0 : 1;
  }
  const databaseUrl = process.env.DATABASE_URL || undefined;
  if (!databaseUrl && !values.data)
    throw new SyncError('invalid_input', '需要 --data <目录>，或设置环境变量 DATABASE_URL');
  const opts: ServerOptions = databaseUrl ? { databaseUrl } : { dataDir: values.data! };
  if (databaseUrl && process.env.PGSCHEMA) opts.pgSchema = process.env.PGSCHEMA;
  if (values.retention) opts.retention = Number(values.retention) * 86_400_000;
  const keepDays = values['keep-days'] === undefined ? undefined : Number(values['keep-days']);
  if (keepDays !== undefined && !(Number.isInteger(keepDays) && keepDays >= 0))
    throw new SyncError('invalid_input', `--keep-days 应为不小于 0 的整数天数：${values['keep-days']}`);
  if (keepDays !== undefined) opts.keepDays = keepDays;
  const keep = () => (keepDays === undefined ? {} : { keepDays });
  const mb = (b: number) => (b >= 1e6 ? `${(b / 1e6).toFixed(1)} MB` : `${(b / 1e3).toFixed(1)} KB`);

  // Backup and restore work on the database file itself: no server is opened around them.
  if (command === 'backup' || command === 'restore') {
    if (databaseUrl) throw new SyncError('invalid_input', PG_BACKUP);
    if (command === 'backup') {
      if (!values.to) throw new SyncError('invalid_input', '需要 --to <备份文件>');
      const r = await backupSqlite(values.data!, values.to);
      console.log(`已备份区数据库到 ${values.to}（${(r.bytes / 1e6).toFixed(1)} MB）`);
      return 0;
    }
    if (!values.from) throw new SyncError('invalid_input', '需要 --from <备份文件>');
    const r = await restoreSqlite(values.data!, values.from);
    console.log(`已从 ${values.from} 恢复区数据库，新纪元 ${r.epoch}。`);
    if (r.keptAs) console.log(`恢复前的数据库另存为 ${r.keptAs}。`);
    console.log('各工作站下次同步时会重新上传区里缺少的数据，并重新下载本社区数据。');
    return 0;
  }

  if (command === 'serve') {
    const built = ensureConsoleBuilt();
    if (built) console.log(built);
    const server = await createServer({ ...opts, logger: true });
    const url = await server.listen({ port: Number(values.port ?? 5800), host: values.host ?? '127.0.0.1' });
    console.log(`区服务器已启动：${url}`);
    console.log(`区控制台：${url}/console/ （账号：npm run server -- add-user）`);
    const stop = () => void server.close().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return new Promise<number>(() => {});
  }

  const server = await createServer(opts);
  try {
    switch (command) {
      case 'add-user': {
        const role = values.role;
        if (!values.username) throw new SyncError('invalid_input', '需要 --username <用户名>');
        if (role !== 'district' && role !== 'street' && role !== 'viewer')
          throw new SyncError('invalid_input', '需要 --role district（区）、street（街道）或 viewer（只读）');
        const u = await addUser(server.ctx, { username: values.username, role, street: values.street });
        if (values.json) console.log(JSON.stringify({ username: u.username, password: u.password }));
        else {
          console.log(
            `已新增区控制台账号 ${u.username}（${{ district: '区', street: '街道', viewer: '只读' }[role]}）`,
          );
          console.log(`一次性密码：${u.password}`);
          console.log('此密码只显示这一次，请妥善交给本人。');
        }
        return 0;
      }
      case 'add-station': {
        if (!values.community) throw new SyncError('invalid_input', '需要 --community <12位社区代码>');
        const s = await server.addStation(values.community, values.name);
        if (values.json) console.log(JSON.stringify({ code: s.code, stationId: s.stationId }));
        else {
          console.log(
            `已为社区 ${s.communityCode} 新增第 ${s.stationNumber} 号工作站（编号 ${s.stationId}）`,
          );
          console.log(`一次性注册码：${s.code}`);
          console.log(`有效期至 ${s.expiresAt}，只能使用一次。请在工作站“同步”页输入服务器地址和此注册码。`);
        }
        return 0;
      }
      case 'list-stations': {
        const rows = await server.listStations();
        if (values.json) console.log(JSON.stringify(rows));
        else if (rows.length === 0) console.log('还没有工作站');
        else
          for (const r of rows) {
            const state = r.revoked_at ? '已停用' : r.enrolled_at ? '已注册' : '待注册';
            console.log(
              `${r.id}  社区 ${r.community_code}  ${r.station_number}号  ${state}  已上传至第 ${r.last_applied_seq} 条  最近联系 ${r.last_seen_at ?? '从未'}`,
            );
          }
        return 0;
      }
      case 'revoke-station': {
        const id = positionals[0];
        if (!id) throw new SyncError('invalid_input', '需要工作站编号：revoke-station <工作站编号>');
        await server.revokeStation(id);
        console.log(`工作站 ${id} 已停用，它将不能再同步`);
        return 0;
      }
      case 'load-reference': {
        let data = DEFAULT_REFERENCE;
        if (values.file) {
          let text: string;
          try {
            text = readFileSync(values.file, 'utf8');
          } catch {
            throw new SyncError('invalid_input', `读不到参考数据文件：${values.file}`);
          }
          let raw: unknown;
          try {
            raw = JSON.parse(text);
          } catch {
            throw new SyncError('invalid_input', `参考数据文件不是有效的 JSON：${values.file}`);
          }
          data = parseReferenceFile(raw);
        }
        const n = await server.loadReference(data);
        console.log(
          `已导入参考数据（${data.version}，版本号 ${n.version}）：街道 ${n.streets} 个，社区 ${n.communities} 个，援助类别版本 ${n.categories} 个`,
        );
        return 0;
      }
      case 'transfer-resident': {
        if (!values.resident || !values.to)
          throw new SyncError('invalid_input', '需要 --resident <居民编号> --to <社区代码>');
        const t = await server.transferResident(values.resident, values.to, values.operator ?? 'cli');
        console.log(`居民 ${t.residentId} 已从社区 ${t.from} 迁到社区 ${t.to}；两边的工作站下次同步时会看到`);
        return 0;
      }
      case 'list-merges': {
        const tasks = await server.listMergeTasks(values.status ?? 'open');
        if (values.json) console.log(JSON.stringify(tasks));
        else if (tasks.length === 0) console.log('没有这样的合并任务');
        else
          for (const t of tasks)
            console.log(
              `${t.id}  身份证 ${t.idNumberMasked}  社区 ${t.communities.join(' / ')}  建议 ${t.proposals} 条  登记于 ${t.createdAt}${t.keptCommunity ? `  保留社区 ${t.keptCommunity}` : ''}`,
            );
        return 0;
      }
      case 'resolve-merge': {
        const taskId = positionals[0];
        if (!taskId || !values.keep)
          throw new SyncError(
            'invalid_input',
            '需要任务编号和保留的社区：resolve-merge <任务编号> --keep <社区代码>',
          );
        const r = await server.resolveMerge(taskId, values.keep, values.operator ?? 'cli');
        console.log(
          `合并任务 ${r.taskId} 已决定：由${r.keptCommunityName ?? `社区 ${r.keptCommunity}`}保留此人（居民编号 ${r.residentId}）；` +
            `另一社区的建议 ${r.proposals.applied} 条已采纳、${r.proposals.dropped} 条未采纳。两边的工作站下次同步时会看到`,
        );
        return 0;
      }
      case 'import-bundle': {
        if (!values.file) throw new SyncError('invalid_input', '需要 --file <数据包文件>');
        let text: string;
        try {
          text = readFileSync(values.file, 'utf8');
        } catch {
          throw new SyncError('invalid_input', `读不到数据包文件：${values.file}`);
        }
        const r = await importBundle(server.ctx, text);
        const out = values.out ?? receiptPathFor(values.file);
        writeBundleFile(out, r.receipt);
        const c = r.counts;
        console.log(
          `${r.again ? '这个数据包此前已导入过，本次没有任何改动。' : ''}社区 ${r.communityCode} 第 ${r.stationNumber} 号工作站的数据包：共 ${r.entries} 条，` +
            `接收 ${c.applied}、合并 ${c.merged}、冲突 ${c.conflict}、退回 ${c.rejected}、此前已收到 ${c.duplicate}。`,
        );
        console.log(`回执已写到 ${out}：请带回工作站，在“同步”页读入回执。`);
        return 0;
      }
      case 'publish-release': {
        if (!values.file || !values.version)
          throw new SyncError('invalid_input', '需要 --file <安装包> --version <版本>');
        const rollout = values.rollout === undefined ? 100 : Number(values.rollout);
        const r = await publishRelease(server.ctx, releasesDirOf(opts, values.data), {
          file: values.file,
          version: values.version,
          rollout,
        });
        console.log(
          `已发布 ${r.version}（${r.file}，${(r.size / 1e6).toFixed(1)} MB），先推送给 ${r.rollout}% 的工作站。工作站在 /updates/latest.yml 看到它。`,
        );
        return 0;
      }
      case 'require-version': {
        const v = positionals[0];
        if (!v) throw new SyncError('invalid_input', '需要版本号：require-version <版本>');
        await requireVersion(server.ctx, v);
        console.log(`已要求工作站至少为 ${v}；更旧的工作站同步时会被告知先更新（仍可离线工作）。`);
        return 0;
      }
      case 'subsidy-decide': {
        const id = positionals[0];
        const chosen = (['approve', 'refuse', 'pay'] as const).filter((k) => values[k]);
        if (!id || chosen.length !== 1)
          throw new SyncError(
            'invalid_input',
            '需要申请编号和一个决定：subsidy-decide <申请编号> --approve|--refuse|--pay',
          );
        const r = await server.decideSubsidy(id, chosen[0]!, {
          ...(values.reason !== undefined ? { reason: values.reason } : {}),
          ...(values.date !== undefined ? { date: values.date } : {}),
          ...(values.operator !== undefined ? { operator: values.operator } : {}),
        });
        const word =
          { approved: '已批准', refused: '未批准', paid: '已发放' }[r.status as string] ?? r.status;
        if (values.json) console.log(JSON.stringify(r));
        else console.log(`补贴申请 ${r.id} ${word}；社区 ${r.community} 的工作站下次同步时会看到`);
        return 0;
      }
      case 'subsidy-totals': {
        if (!values.from || !values.to) throw new SyncError('invalid_input', '需要 --from 和 --to 日期');
        const rows = await server.subsidyTotals(values.from, values.to, values.community);
        if (values.json) console.log(JSON.stringify(rows));
        else if (!rows.length) console.log('这段期间没有补贴申请');
        else
          for (const t of rows)
            console.log(
              `${t.policyCode}  ${t.personTimes} 人次  ¥${t.amount.toFixed(2)}  已批准 ${t.approved}  已发放 ${t.paid} 人次 ¥${t.paidAmount.toFixed(2)}`,
            );
        return 0;
      }
      case 'training-rate': {
        if (!values.from || !values.to) throw new SyncError('invalid_input', '需要 --from 和 --to 日期');
        const r = await server.trainingRate({
          from: values.from,
          to: values.to,
          courseId: values.course,
          provider: values.provider,
          community: values.community,
        });
        if (values.json) console.log(JSON.stringify(r));
        else
          console.log(
            `结业 ${r.completed} 人，结业后六个月内就业 ${r.employed} 人，培训就业率 ${r.rate === null ? '—' : `${(r.rate * 100).toFixed(1)}%`}`,
          );
        return 0;
      }
      case 'fair-summary': {
        const id = positionals[0];
        if (!id) throw new SyncError('invalid_input', '需要招聘会编号：fair-summary <招聘会编号>');
        const t = await server.fairSummary(id);
        if (values.json) console.log(JSON.stringify(t));
        else
          console.log(
            `${t.date}「${t.name}」参会单位 ${t.employers} 家  岗位 ${t.positions} 个  报名 ${t.signUps} 人  达成意向 ${t.intents} 人次  录用 ${t.hired} 人`,
          );
        return 0;
      }
      case 'mark-restored': {
        const epoch = await markRestored(server.store);
        console.log(
          `已开始新纪元 ${epoch}：各工作站下次同步时会重新上传区里缺少的数据，并重新下载本社区数据。`,
        );
        return 0;
      }
      case 'store-size': {
        const size = await server.storeSize();
        const would = await server.compact({ dryRun: true, ...keep() });
        if (values.json) {
          console.log(JSON.stringify({ ...size, compaction: would }));
          return 0;
        }
        console.log(
          `区数据库（${size.kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'}）共 ${mb(size.totalBytes)}`,
        );
        for (const t of size.tables)
          console.log(
            `  ${t.table.padEnd(20)} ${mb(t.bytes).padStart(10)}${t.rows >= 0 ? `  ${t.rows} 行` : ''}`,
          );
        if (size.freeBytes) console.log(`  空闲页（新数据先用它们） ${mb(size.freeBytes)}`);
        console.log(
          `居民 ${size.residents} 人，平均每人 ${size.bytesPerResident === null ? '-' : `${(size.bytesPerResident / 1024).toFixed(2)} KB`}`,
        );
        console.log(
          `现在整理可以删去 ${would.logEntries} 条修改记录（约 ${mb(would.logBytes)} 内容）和 ${would.receipts} 条上传回执`,
        );
        return 0;
      }
      case 'compact': {
        const r = await server.compact(keep());
        if (values.json) console.log(JSON.stringify(r));
        else
          console.log(
            `已整理：删去 ${r.logEntries} 条修改记录（约 ${mb(r.logBytes)} 内容）、${r.receipts} 条上传回执，合并了 ${r.versionsFolded} 行的字段版本`,
          );
        return 0;
      }
      default:
        console.error(`未知命令：${command}\n${USAGE}`);
        return 1;
    }
  } finally {
    await server.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(
      err instanceof SyncError ||
        err instanceof ConsoleError ||
        err instanceof SyntaxError ||
        err instanceof BundleRefused
        ? `错误：${err.message}`
        : err,
    );
    process.exit(1);
  },
);
