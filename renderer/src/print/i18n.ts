// Chinese text of the printed card, the sheet and the booklet. The printouts are Chinese documents, so
// there is no English table here; the on-screen toolbar texts sit with them to keep one file per page.
import type { MeasureKind } from '../../../shared/domain/assistance/card';

export const printText = {
  cardTitle: '就业援助卡',
  contactTitle: '就业援助服务联系卡',
  bookletTitle: '就业援助卡本',
  bookletSubtitle: '一人一卡一策',
  holder: '持卡人信息',
  name: '姓名',
  sex: '性别',
  idNumber: '身份证号',
  categories: '援助类别',
  cardNumber: '卡号',
  issuedOn: '发卡日期',
  issuer: '发卡单位',
  community: '所在社区',
  officer: '就业援助员',
  phone: '联系电话',
  hours: '服务时间',
  station: '服务机构',
  plan: '援助计划（措施）',
  measureKind: '措施',
  owner: '责任人',
  dueDate: '完成期限',
  status: '状态',
  note: '说明',
  open: '进行中',
  done: '已完成',
  noMeasures: '（尚未制定援助措施）',
  noContact: '（尚未指定援助员，请到社区劳动保障工作站咨询）',
  backNote: '持卡人可凭此卡到社区劳动保障工作站及区就业服务大厅享受就业援助服务。请妥善保管，遗失请及时到社区补办。',
  male: '男',
  female: '女',
  print: '打印',
  printing: '正在记录打印…',
  loading: '正在准备打印内容…',
  reprintWarning: '其中 {n} 张以前打印过，本次打印将记为补打。',
  sheetHint: 'A4 纸每页 10 张（2×5），按裁切线裁开；双面打印时背面已左右对调，请选“长边翻转”。',
  cardHint: '每张卡两页：正面、背面，纸张 85.6×54 毫米。',
  bookletHint: 'A5 纸，每位持卡人一页。',
  noIds: '没有指定要打印的援助卡（地址中缺少 ids）',
  badLayout: '版式应为 card、sheet 或 booklet',
  layoutName: { card: '卡片', sheet: 'A4 拼版', booklet: '援助卡本' },
  measureKinds: {
    job_recommendation: '推荐就业',
    training: '职业培训',
    subsidy: '补贴申领',
    public_welfare_post: '公益性岗位',
    follow_up_visit: '跟踪回访',
  } satisfies Record<MeasureKind, string>,
} as const;

export function fill(text: string, params: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}
