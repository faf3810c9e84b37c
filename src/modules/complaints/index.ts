/** The complaints module's public face: the service (escalation timer), the routes and the use cases. */
export { assignComplaints, COMPLAINT_OFFICES } from './assign-complaints.ts';
export { answerFollowUp } from './answer-follow-up.ts';
export { ComplaintConflictError, ComplaintInputError, ComplaintNotFoundError, type StaffActor } from './complaint-actor.ts';
export { type Clock, ComplaintsService, type ComplaintsOptions, configuredClock, configuredEscalationInterval, PUBLIC_LIMITS } from './complaints-service.ts';
export { escalateOverdue, ESCALATE_TO } from './escalate-overdue.ts';
export { type ComplaintInput, fileComplaint } from './file-complaint.ts';
export { importLapor, LaporImportError } from './import-lapor.ts';
export { LAPOR_COLUMNS, mapLaporCategory } from './lapor-csv.ts';
export { moveComplaint } from './move-complaint.ts';
export { rateComplaint } from './rate-complaint.ts';
export { replyToComplaint } from './reply-to-complaint.ts';
export { resolveComplaint } from './resolve-complaint.ts';
export { complaintRoutes } from './routes.ts';
export { sendMessage } from './send-message.ts';
export { setHolidays } from './set-holidays.ts';
