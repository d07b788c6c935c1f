// The banner of a person also registered at another community (issue 8; DESIGN.md "Scope is the community,
// also through identity"). Decision: the page stays fully usable — this community's registration is its
// own and can be edited; the banner says where else the person is registered (community and masked ID
// number, never that community's data) and, for the community that registered second, that its changes
// reach the district as proposals and take effect once the district merges. No button leads anywhere else:
// the decision is the district's (resolve-merge), and both stations follow it on their next sync.
import type { ResidentHold } from '../../../shared/domain/resident';
import { t } from '../i18n';
import { dateTime } from '../format';
import { Notice } from '../ui/fields';

export function holdCommunity(h: ResidentHold): string {
  return h.communityName ?? t('hold.community', { code: h.community });
}

export function HoldNotice({ hold }: { hold: ResidentHold | null | undefined }) {
  if (!hold) return null;
  const params = { community: holdCommunity(hold), masked: hold.idNumberMasked };
  return (
    <Notice kind={hold.role === 'held' ? 'warn' : 'info'} testId="hold-notice">
      {t(hold.role === 'held' ? 'hold.held' : 'hold.kept', params)}
      <br />
      <span className="small">{t('hold.since', { time: dateTime(hold.since) })}</span>
    </Notice>
  );
}
