// Job fairs (issue 10), English. Every key of fairs.zh-CN.ts.
import type { fairsZhCN } from './fairs.zh-CN';

export const fairsEn: Record<keyof typeof fairsZhCN, string> = {
  'nav.fairs': 'Job fairs',
  'fairs.title': 'Job fairs',
  'fairs.new': 'New job fair',
  'fairs.newTitle': 'New job fair',
  'fairs.none': 'No job fairs yet',
  'fairs.name': 'Fair name',
  'fairs.date': 'Date',
  'fairs.place': 'Place',
  'fairs.organiser': 'Organiser',
  'fairs.scope': 'Scope',
  'fairs.scope.community': 'Community',
  'fairs.scope.street': 'Street',
  'fairs.scope.district': 'District',
  'fairs.scopeHint': 'Street and district fairs reach every station of their scope by sync',
  'fairs.street': 'Street: {name}',
  'fairs.sharedFrom': 'Entered by {community}; read-only here',
  'fairs.employers': 'Employers',
  'fairs.positions': 'Positions',
  'fairs.signUps': 'Sign-ups',
  'fairs.intents': 'Intents',
  'fairs.hired': 'Hired',
  'fairs.communityOnly':
    "Sign-ups, intents and hires count this community's residents only; the district adds up every community",
  'fairs.figures': 'The five figures',
  'fairs.employer': 'Employer',
  'fairs.vacancies': 'Vacancies brought',
  'fairs.vacancyUnknown': '(vacancy not yet synced to this station)',
  'fairs.otherCommunity': 'Another community',
  'fairs.noEmployers': 'No employers yet',
  'fairs.addEmployer': 'Add an employer',
  'fairs.pickEmployer': 'Choose the employer',
  'fairs.pickVacancies': 'Tick the vacancies it brings',
  'fairs.boardEmployer': '{name} (district board)',
  'fairs.positionsN': '{n} positions',
  'fairs.candidates': 'Residents to sign up (matched to the vacancies)',
  'fairs.noCandidates': 'No matching residents, or all are signed up',
  'fairs.forVacancy': 'Find for',
  'fairs.allVacancies': 'Every vacancy at the fair',
  'fairs.findCandidates': 'Find matching residents',
  'fairs.score': 'Score',
  'fairs.fits': 'Fits',
  'fairs.signUp': 'Sign up',
  'fairs.signedUp': 'Signed up: {name}',
  'fairs.people': "This community's sign-ups",
  'fairs.noPeople': 'Nobody signed up yet',
  'fairs.resident': 'Name',
  'fairs.idNumber': 'ID number',
  'fairs.signedUpOn': 'Signed up on',
  'fairs.intent': 'Intent for',
  'fairs.recordIntent': 'Record intent',
  'fairs.pickVacancy': 'Choose a vacancy',
  'fairs.intentSaved': 'Intent recorded, with its recommendation',
  'fairs.forResident': 'Job fairs',
  'fairs.residentNone': 'No job fairs yet',
  'fairs.open': 'Open',
  'fairs.noIntent': '—',
  'fairs.cancel': 'Cancel fair',
  'fairs.cancelReason': 'Reason for cancelling',
  'fairs.cancelConfirm': 'Confirm cancellation',
  'fairs.cancelBack': 'Keep the fair',
  'fairs.cancelled': 'Cancelled',
  'fairs.cancelledOn': 'Cancelled on {date}: {reason}. No more sign-ups; not counted in the fair figures',
  'fairs.cancelDone': 'The fair is cancelled',
  'fairs.withdraw': 'Withdraw sign-up',
  'fairs.withdrawConfirm': 'Withdraw the sign-up of {name} for "{fair}"? They can sign up again later',
  'fairs.withdrawn': 'Withdrew the sign-up of {name}',
  'rule.fairs.lateSignUp': 'The fair was held on {date}; sign-ups can only be entered up to 30 days after it',
  'rule.fairs.signedUpAlready': '{name} signed up for "{fair}" on {date}; one sign-up per person and fair',
  'rule.fairs.intentAlready':
    '{name} already recorded an intent for "{vacancy}" at "{fair}" on {date}; it is not recorded twice',
  'rule.fairs.cancelNotOwn': '"{fair}" was entered by another community; only that community can cancel it',
  'rule.fairs.cancelledAlready': '"{fair}" was already cancelled on {date}',
  'rule.fairs.cancelHeld': '"{fair}" was held on {date}; a fair that took place cannot be cancelled',
  'rule.fairs.cancelHasIntents':
    '"{fair}" already has {n} job intents recorded, so it took place; it cannot be cancelled',
  'rule.fairs.notSignedUp': '{name} is not signed up for "{fair}" (or the sign-up was withdrawn)',
  'rule.fairs.withdrawHasIntents':
    '{name} reached intents at "{fair}" ({vacancies}), which are now recommendations; the sign-up cannot be withdrawn',
  'rule.fairs.cancelled': '"{fair}" was cancelled on {date}; no more sign-ups, employers or intents',
  'rule.fairs.duplicate':
    '"{fair}" on {date} is already entered; a fair of the same name on the same day is entered once',
  'rule.fairs.intentNotAtFair':
    'That vacancy is not at "{fair}": an intent is recorded only for a vacancy brought to the fair',
  'rule.fairs.intentDate':
    'The date of an intent must be from the fair day {date} to 30 days after it, and not after today',
  'rule.fairs.date': 'The date of a fair must be between 2000-01-01 and one year from today',
  'fairs.vacanciesAtFair': 'Vacancies at the fair',
  'fairs.vacanciesElsewhere': 'Other vacancies (join the fair with the intent)',
  'fairs.intentBroughtVacancy': 'Intent recorded, with its recommendation; {vacancy} joined the fair with it',
  'fairs.intentBroughtEmployer':
    'Intent recorded, with its recommendation; {vacancy} and its employer joined the fair with it',
  'fairs.cancelledNoActions': 'Fair cancelled',
  'fairs.cancelledFigures':
    "The fair was cancelled and did not take place: no five figures, and not counted in the district's figures",
  'fairs.cancelledFigure': 'Cancelled: not counted',
  'rule.fairs.vacancyNotFound':
    'That vacancy cannot be found (deleted, or not yet synced from the district); no intent can be recorded for it',
  'rule.fairs.intentVacancyClosed':
    'The vacancy "{vacancy}" is closed: it cannot be brought to "{fair}", so no intent can be recorded for it',
  'rule.fairs.intentVacancyHidden':
    'Vacancies at a street or district fair must be visible to other communities: share the vacancy "{vacancy}" first, then record the intent',
  'rule.fairs.candidateVacancyNotAtFair':
    'The chosen vacancy is not among the vacancies at "{fair}"; choose one of the fair\'s vacancies',
  'rule.fairs.employerNotFound':
    'That employer cannot be found (deleted, or not yet synced from the district to this station)',
  'rule.fairs.notFound':
    'That job fair cannot be found (deleted, or not yet synced from the district to this station)',
  'rule.fairs.otherStreet':
    "Only a fair of this station's street ({street}) can be entered here; another street's fair is entered by that street's stations",
  'rule.fairs.recommendationDeleted':
    'The recommendation of {name} to "{vacancy}" was deleted; the same vacancy cannot be recommended again, so this intent cannot be recorded',
  'rule.fairs.residentNotFound': 'That resident cannot be found (deleted, or not of this community)',
  'rule.fairs.streetNotWanted':
    'A community or district fair takes no street; for a fair the street holds, choose the "street" scope',
  'rule.fairs.vacancyClosed': 'The vacancy "{vacancy}" is closed and cannot be brought to the fair',
  'rule.fairs.vacancyHidden':
    'Vacancies at a street or district fair must be visible to other communities: share the vacancy "{vacancy}" first, then bring it',
  'rule.fairs.vacancyNotOfEmployer': 'The vacancy "{vacancy}" does not belong to "{employer}"',
  'rule.fairs.vacancyShut.closed':
    'The vacancy "{vacancy}" is closed: no more recommendations, so no intent can be recorded for it',
  'rule.fairs.vacancyShut.filled':
    'The vacancy "{vacancy}" is filled: no more recommendations, so no intent can be recorded for it',
  'rule.fairs.vacancyShut.expired':
    'The vacancy "{vacancy}" expired on {date}: no more recommendations, so no intent can be recorded for it',
  'rule.fairs.vacancyShut.notYet':
    'The vacancy "{vacancy}" opens only on {date}: no recommendation yet, so no intent can be recorded for it',
  'rule.fairs.cancelReason': 'Write the reason for cancelling (at least 2 characters)',
  'rule.fairs.chosenVacancyNotFound':
    'A chosen vacancy cannot be found (deleted, or not yet synced from the district to this station)',
  'fairs.withdrawKept': 'Has an intent: sign-up stays',
};
