// The reasons of a policy's eligibility and of a training suggestion in the desk's language, built from the
// keys and codes the station sends beside its Chinese wording (which stays for printed forms and records).
import type { ReasonNote } from '../../../shared/domain/policy/eligibility';
import type { TrainingSuggestion } from '../../../shared/contract/training';
import { t, type MessageKey } from '../i18n';

const list = (codes: string | number | undefined, prefix: string, sep: 'or' | 'and') =>
  String(codes ?? '')
    .split(',')
    .filter(Boolean)
    .map((c) => t(`${prefix}${c}` as MessageKey))
    .join(t(`policy.why.${sep}`));

export function policyReason(n: ReasonNote): string {
  const p = n.params;
  switch (n.key) {
    case 'targetMet':
      return t('policy.why.targetMet', { targets: list(p.targets, 'policy.target.', 'and') });
    case 'targetMissing':
      return t('policy.why.targetMissing', { targets: list(p.targets, 'policy.target.', 'or') });
    case 'ageOk':
    case 'ageOut': {
      const sex = t(`policy.why.sex.${String(p.sex) as 'M' | 'F'}`);
      const bounds = [
        p.min !== '' ? t('policy.why.ruleMin', { min: p.min! }) : '',
        p.max !== '' ? t('policy.why.ruleMax', { max: p.max! }) : '',
      ]
        .filter(Boolean)
        .join(t('policy.why.and'));
      return t(`policy.why.${n.key}`, { ...p, sex, rule: t('policy.why.rule', { sex, bounds }) });
    }
    case 'outcomeMissing':
    case 'outcomeNoDate':
      return t(`policy.why.${n.key}`, { ...p, outcomes: list(p.outcomes, 'policy.outcome.', 'or') });
    case 'outcomeTooOld':
      return t('policy.why.outcomeTooOld', {
        ...p,
        outcome: t(`policy.outcome.${String(p.outcome)}` as MessageKey),
      });
    case 'outcomeOk':
      return t('policy.why.outcomeOk', {
        date: p.date!,
        outcome: t(`policy.outcome.${String(p.outcome)}` as MessageKey),
        employer: p.employer ? t('policy.why.employer', { employer: p.employer }) : '',
        within: p.months !== '' ? t('policy.why.within', { months: p.months! }) : '',
      });
    default:
      return t(`policy.why.${n.key}`, p);
  }
}

export function trainingReason(n: TrainingSuggestion['why'][number]): string {
  return t(`training.why.${n.key}`, n.params);
}
