// Plain-Chinese words for everything sync can tell a person: failures, a wrong PC clock, the weekly
// deadline. Each says what happened and what to do. (Station-side messages, like ApiError texts; the
// 同步 page's own labels live in the renderer's i18n.)

export type FailureKind =
  | 'network'
  | 'timeout'
  | 'server_error'
  | 'bad_response'
  | 'unauthorized'
  | 'revoked'
  | 'enroll_code_invalid'
  | 'gap'
  | 'payload_too_large'
  | 'rejected_request'
  | 'not_enrolled'
  | 'wrong_community';

export function failureMessage(kind: FailureKind, serverText?: string): string {
  switch (kind) {
    case 'network':
      return '连不上区服务器：请检查本机网络（宽带）是否正常，稍后会自动重试';
    case 'timeout':
      return '区服务器长时间没有回应：可能网络较慢或中断，稍后会自动重试';
    case 'server_error':
      return '区服务器出错，暂时无法同步；数据仍在本机保存，稍后会自动重试';
    case 'bad_response':
      return '区服务器的回应无法识别：请确认服务器地址正确，或联系区里的管理员';
    case 'unauthorized':
      return '本机的同步凭证无效：请站点管理员用区里发的登记码重新登记本机';
    case 'revoked':
      return '区里已停用本机的同步：请联系区就业管理部门，重新领取登记码后再登记';
    case 'enroll_code_invalid':
      return '登记码无效、已使用或已过期：请向区里重新申请登记码';
    case 'gap':
      return '区服务器上的上传记录与本机不一致，正在重新上传缺失的部分';
    case 'payload_too_large':
      return '一次上传的内容过多，正在改为分批上传';
    case 'rejected_request':
      return `区服务器拒绝了请求${serverText ? '：' + serverText : ''}`;
    case 'not_enrolled':
      return '本机尚未登记到区服务器：请站点管理员在“同步”页面填写服务器地址和登记码';
    case 'wrong_community':
      return serverText ?? '登记码所属社区与本机不符';
  }
}

/** What a district restore meant for this station (station/sync/recovery.ts). */
export function restoreMessage(state: 'recovering' | 'recovered', resent: number): string {
  return state === 'recovering'
    ? '区服务器已从备份恢复，本机正在重新上传区里缺少的数据并重新下载本社区数据，请保持联网'
    : `区服务器已从备份恢复，本机已重新上传 ${resent} 条并重新下载本社区数据`;
}

/** Only a skew this large is worth telling a person about. */
export const CLOCK_SKEW_TOLERANCE_MS = 5 * 60_000;

function amount(ms: number): string {
  const abs = Math.abs(ms);
  if (abs >= 86_400_000) return `${Math.round(abs / 86_400_000)} 天`;
  if (abs >= 3_600_000) return `${Math.round(abs / 3_600_000)} 小时`;
  return `${Math.round(abs / 60_000)} 分钟`;
}

/** "本机时钟比服务器快 3 天，请先校准时钟再同步" — or null when the clock is close enough. */
export function clockMessage(skewMs: number | null): string | null {
  if (skewMs === null || Math.abs(skewMs) < CLOCK_SKEW_TOLERANCE_MS) return null;
  return `本机时钟比服务器${skewMs > 0 ? '快' : '慢'} ${amount(skewMs)}，请先校准时钟再同步（数据仍会上传，但记录的时间会不准）`;
}

export function deadlineMessage(
  state: 'ok' | 'near' | 'missed',
  nextLocal: string,
  pending: number,
): string | null {
  if (state === 'missed')
    return `上周的数据没有在截止时间前全部上传到区里：还有 ${pending} 条未上传，请尽快同步`;
  if (state === 'near') return `本周上传截止时间（${nextLocal}）快到了：还有 ${pending} 条未上传，请尽快同步`;
  return null;
}
