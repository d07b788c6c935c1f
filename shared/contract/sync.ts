// sync.* — enrolment with the district server, push/pull, status and review. See DESIGN.md "Sync".
export const syncContract = {};
