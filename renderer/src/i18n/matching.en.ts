// Referrals (issue 9) in English; keys mirror matching.zh-CN.ts.
import type { matchingZhCN } from './matching.zh-CN';

export const matchingEn: Record<keyof typeof matchingZhCN, string> = {
  'code.search': 'Type characters, pinyin or initials',
  'code.none': 'None chosen',
  'code.notFound': 'Nothing found; try other words',
  'code.remove': 'Remove {name}',
  'code.pick': 'Choose {name}',
  'code.unknown': '(code {code} is no longer in force)',
  'f.preferences.occupationCodes': 'Wanted occupations (coded)',
  'f.preferences.industryCodes': 'Wanted industries (coded)',
  'vacancy.occupationCode': 'Occupation (GB/T 6565-2015)',
  'vacancy.industryCode': 'Industry (GB/T 4754-2017)',
  'vacancy.ageMin': 'Minimum age',
  'vacancy.ageMax': 'Maximum age',
  'vacancy.education': 'Schooling required',
  'vacancy.shared': 'Shared district-wide (other communities can see and refer)',
  'vacancy.hired': '{n} hired, {open} still open',
  'vacancy.foreign': 'A vacancy of {community}: read-only here',
  'vacancy.jobsForVacancy': 'Find people for this vacancy (Alt+M)',
  'opt.education.none': 'Any',
  'opt.education.junior': 'Junior middle school',
  'opt.education.senior': 'Senior high school',
  'opt.education.vocational': 'Vocational school',
  'opt.education.college': 'College',
  'opt.education.bachelor': 'Bachelor',
  'opt.education.postgraduate': 'Postgraduate',
};
