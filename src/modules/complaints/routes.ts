/**
 * HTTP: the public complaint form and tracking by code (no session, rate limited; formats.md
 * "Complaints"), and the complaint desk for officers (admin, dinkes) and the facility (faskes, its own
 * facility's only). The complainant's identity leaves the server only in the officers' detail, and only
 * when the complainant agreed (FIELD_ACCESS `complaints.identity`).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_CHANNELS,
  COMPLAINT_SEVERITIES,
  COMPLAINT_STATUSES,
  ComplaintTransitionError,
  parseTrackingCode,
} from '../../domain/quality/complaints.ts';
import { SLA_WARN_FRACTION } from '../../domain/quality/working-days.ts';
import { actorOf, can, currentUser, recordAudit } from '../access/index.ts';
import { answerFollowUp } from './answer-follow-up.ts';
import { assignComplaints, COMPLAINT_OFFICES } from './assign-complaints.ts';
import { ComplaintNotFoundError, type StaffActor, staffActorOn } from './complaint-actor.ts';
import { findByTrackingCode, findComplaint, findIdentity, listComplaints, listEvents, listMessages, listNotifications, loadHolidays } from './complaint-repository.ts';
import type { ComplaintsService } from './complaints-service.ts';
import { fileComplaint } from './file-complaint.ts';
import { importLapor } from './import-lapor.ts';
import { moveComplaint, STAFF_MOVES } from './move-complaint.ts';
import { rateComplaint } from './rate-complaint.ts';
import { replyToComplaint } from './reply-to-complaint.ts';
import { resolveComplaint } from './resolve-complaint.ts';
import { sendMessage } from './send-message.ts';
import { setHolidays } from './set-holidays.ts';


const text = (max: number) => z.string().trim().min(1).max(max);
const contact = z
  .object({
    name: z.string().trim().max(200).optional(),
    phone: z.string().trim().regex(/^\+?[0-9 ()-]{6,20}$/, 'a phone number of digits').optional().or(z.literal('')),
    email: z.string().trim().email().max(200).optional().or(z.literal('')),
  })
  .optional();
const publicBody = z.object({
  category: z.enum(COMPLAINT_CATEGORIES),
  description: text(5000),
  facilityCode: z.string().trim().max(32).optional(),
  channel: z.enum(COMPLAINT_CHANNELS).optional(),
  contact,
  shareIdentity: z.boolean().optional().default(false),
});
const trackingParams = z.object({ trackingCode: z.string().max(40) });
const idParams = z.object({ id: z.string().uuid() });

function staffOf(request: FastifyRequest): StaffActor {
  return { ...actorOf(request), facilityCode: currentUser(request).facilityCode };
}

/** The domain's refused step is a conflict; the use cases' own errors carry their status. */
async function answer<T>(reply: FastifyReply, work: () => Promise<T>): Promise<T | FastifyReply> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ComplaintTransitionError) return reply.code(409).send({ error: error.message });
    throw error;
  }
}

export function complaintRoutes(server: FastifyInstance, service: ComplaintsService) {
  const api = server.withTypeProvider<ZodTypeProvider>();
  const { db, districtCode } = service;
  const PUBLIC_LIMITS = service.publicLimits;

  const tracked = async (raw: string) => {
    const code = parseTrackingCode(raw);
    const c = code ? await findByTrackingCode(db, districtCode, code) : null;
    if (!c) throw new ComplaintNotFoundError('No such complaint');
    return c;
  };

  // -------------------------------------------------------------------------------------------------
  // Public

  api.post('/api/v1/complaints', {
    config: { rateLimit: { max: PUBLIC_LIMITS.file, timeWindow: 60_000 } },
    schema: {
      tags: ['complaints'],
      summary: `File a complaint (no login; ${PUBLIC_LIMITS.file} a minute per client). Anonymous unless shareIdentity is true`,
      body: publicBody,
    },
    handler: async (request, reply) => {
      const { contact: given, ...rest } = request.body;
      const filed = await fileComplaint(service, { ...rest, contact: given ?? null }, null, request.ip);
      return reply.code(201).send({ trackingCode: filed.trackingCode, status: filed.status, receivedAt: filed.receivedAt, dueAt: filed.dueAt });
    },
  });

  api.get('/api/v1/complaints/track/:trackingCode', {
    config: { rateLimit: { max: PUBLIC_LIMITS.track, timeWindow: 60_000 } },
    schema: { tags: ['complaints'], summary: 'Follow a complaint by its tracking code (no login): status, SLA colour, messages', params: trackingParams },
    handler: async (request) => {
      const c = await tracked(request.params.trackingCode);
      const messages = await listMessages(db, districtCode, c.id);
      return {
        trackingCode: c.trackingCode,
        category: c.category,
        status: c.status,
        receivedAt: c.receivedAt,
        dueAt: c.dueAt,
        sla: service.slaOf(c),
        // Never who wrote it: "staff" is all the complainant learns.
        messages: messages.map((m) => ({ at: m.at, from: m.from, text: m.text })),
        rating: c.rating,
        followUpAt: c.followUpAt,
        fixed: c.fixed,
      };
    },
  });

  api.post('/api/v1/complaints/track/:trackingCode/messages', {
    config: { rateLimit: { max: PUBLIC_LIMITS.write, timeWindow: 60_000 } },
    schema: { tags: ['complaints'], summary: 'The complainant answers or adds to a complaint (no login)', params: trackingParams, body: z.object({ text: text(2000) }) },
    handler: async (request, reply) =>
      answer(reply, async () => {
        const c = await tracked(request.params.trackingCode);
        await replyToComplaint(service, c.trackingCode, request.body.text, request.ip);
        return reply.code(201).send({ ok: true });
      }),
  });

  api.post('/api/v1/complaints/track/:trackingCode/rating', {
    config: { rateLimit: { max: PUBLIC_LIMITS.write, timeWindow: 60_000 } },
    schema: {
      tags: ['complaints'],
      summary: 'The complainant rates a resolved complaint, 1–5 (no login); it closes the complaint',
      params: trackingParams,
      body: z.object({ rating: z.number().int().min(1).max(5), comment: z.string().trim().max(2000).optional() }),
    },
    handler: async (request, reply) =>
      answer(reply, async () => {
        const c = await tracked(request.params.trackingCode);
        await rateComplaint(service, c.trackingCode, request.body.rating, request.body.comment ?? null, request.ip);
        return { ok: true };
      }),
  });

  api.post('/api/v1/complaints/track/:trackingCode/follow-up', {
    config: { rateLimit: { max: PUBLIC_LIMITS.write, timeWindow: 60_000 } },
    schema: { tags: ['complaints'], summary: 'The complainant answers "was it fixed?" once the follow-up date has come (no login)', params: trackingParams, body: z.object({ fixed: z.boolean() }) },
    handler: async (request) => {
      const c = await tracked(request.params.trackingCode);
      await answerFollowUp(service, c.trackingCode, request.body.fixed, request.ip);
      return { ok: true };
    },
  });

  // -------------------------------------------------------------------------------------------------
  // The desk

  const present = (c: Awaited<ReturnType<typeof listComplaints>>['items'][number]) => ({
    id: c.id,
    trackingCode: c.trackingCode,
    category: c.category,
    severity: c.severity,
    channel: c.channel,
    externalId: c.externalId,
    description: c.description,
    facilityCode: c.facilityCode,
    status: c.status,
    assignedFacility: c.assignedFacility,
    assignedOffice: c.assignedOffice,
    receivedAt: c.receivedAt,
    dueAt: c.dueAt,
    sla: c.sla,
    escalatedAt: c.escalatedAt,
    escalatedTo: c.escalatedTo,
    resolvedAt: c.resolvedAt,
    rating: c.rating,
    fixed: c.fixed,
  });

  api.get('/api/v1/complaints', {
    schema: {
      tags: ['complaints'],
      summary: 'The complaint desk: filters and pages, running clocks first, the earliest due first; a faskes user sees its facility’s only',
      querystring: z.object({
        status: z.enum(['open', 'all', ...COMPLAINT_STATUSES]).default('open'),
        category: z.enum(COMPLAINT_CATEGORIES).optional(),
        facility: z.string().max(32).optional(),
        sla: z.enum(['HIJAU', 'KUNING', 'MERAH']).optional(),
        overdue: z.enum(['true', 'false']).optional(),
        escalated: z.enum(['true', 'false']).optional(),
        page: z.coerce.number().int().min(1).default(1),
        pageSize: z.coerce.number().int().min(1).max(200).default(50),
      }),
    },
    handler: async (request) => {
      const q = request.query;
      const user = currentUser(request);
      const statuses = q.status === 'all' ? undefined : q.status === 'open' ? COMPLAINT_STATUSES.filter((s) => s !== 'closed') : [q.status];
      const assignedFacility = user.role === 'faskes' ? (user.facilityCode ?? '\u0000') : q.facility;
      const bool = (v: 'true' | 'false' | undefined) => (v === undefined ? undefined : v === 'true');
      const { total, items } = await listComplaints(
        db,
        { districtCode, now: service.now(), statuses, category: q.category, assignedFacility, sla: q.sla, overdue: bool(q.overdue), escalated: bool(q.escalated), page: q.page, pageSize: q.pageSize },
        SLA_WARN_FRACTION,
      );
      return { total, page: q.page, pageSize: q.pageSize, items: items.map(present) };
    },
  });

  api.get('/api/v1/complaints/notifications', {
    schema: { tags: ['complaints'], summary: 'Assignments and escalations told to the desk (a faskes user: its facility’s)' },
    handler: async (request) => {
      const user = currentUser(request);
      return { items: await listNotifications(db, districtCode, user.role === 'faskes' ? (user.facilityCode ?? '\u0000') : null) };
    },
  });

  api.get('/api/v1/complaints/:id', {
    schema: { tags: ['complaints'], summary: 'One complaint with its messages and history; the identity only for officers and only when shared', params: idParams },
    handler: async (request) => {
      const actor = staffOf(request);
      const c = await findComplaint(db, districtCode, request.params.id);
      staffActorOn(actor, c);
      const [messages, history] = await Promise.all([listMessages(db, districtCode, c!.id), listEvents(db, districtCode, c!.id)]);
      const detail: Record<string, unknown> = {
        ...present({ ...c!, sla: service.slaOf(c!) }),
        resolution: c!.resolution,
        followUpAt: c!.followUpAt,
        messages,
        history,
      };
      if (can(actor.role!, 'complaints.identity')) {
        const identity = await findIdentity(db, districtCode, c!.id);
        const shared = identity?.shareIdentity === true;
        detail.identityShared = shared;
        detail.identity = shared ? { name: identity.name, phone: identity.phone, email: identity.email } : null;
        if (shared) {
          await recordAudit(db, { districtCode, userId: actor.userId, username: actor.username, action: 'person.read', subject: `complaint:${c!.id}`, detail: { identity: true }, ip: actor.ip });
        }
      }
      return detail;
    },
  });

  api.post('/api/v1/complaints/entries', {
    schema: {
      tags: ['complaints'],
      summary: 'Staff entry of a walk-in, phone, WhatsApp or SP4N-LAPOR! complaint',
      body: publicBody.extend({
        channel: z.enum(COMPLAINT_CHANNELS.filter((c) => c !== 'WEB') as ['WALK_IN', 'PHONE', 'WHATSAPP', 'SP4N_LAPOR']),
        severity: z.enum(COMPLAINT_SEVERITIES).optional(),
        externalId: z.string().trim().max(64).optional(),
        receivedAt: z.iso.datetime({ offset: true }).optional(),
      }),
    },
    handler: async (request, reply) =>
      answer(reply, async () => {
        const { contact: given, receivedAt, ...rest } = request.body;
        const at = receivedAt ? new Date(receivedAt) : undefined;
        if (at && at.getTime() > service.now().getTime()) return reply.code(400).send({ error: 'receivedAt: in the future' });
        const filed = await fileComplaint(service, { ...rest, receivedAt: at, contact: given ?? null }, staffOf(request));
        return reply.code(201).send(filed);
      }),
  });

  api.post('/api/v1/complaints/import-lapor', {
    schema: { tags: ['complaints'], summary: 'Import an SP4N-LAPOR! export (CSV, multipart field "file"); all or nothing, row errors name line and column' },
    handler: async (request, reply) => {
      const file = await request.file();
      if (!file) return reply.code(400).send({ error: 'file: multipart field "file" is missing' });
      const csv = (await file.toBuffer()).toString('utf8');
      try {
        return await importLapor(service, csv, staffOf(request));
      } catch (error) {
        if (error instanceof Error && 'issues' in error) return reply.code(400).send({ error: error.message, issues: (error as { issues: unknown }).issues });
        throw error;
      }
    },
  });

  api.post('/api/v1/complaints/assign', {
    schema: {
      tags: ['complaints'],
      summary: 'Assign one or many complaints to a facility or an office (all or nothing)',
      body: z
        .object({
          ids: z.array(z.string().uuid()).min(1).max(500),
          facilityCode: z.string().trim().min(1).max(32).optional(),
          office: z.enum(COMPLAINT_OFFICES).optional(),
          note: z.string().trim().max(2000).optional(),
        })
        .refine((b) => (b.facilityCode === undefined) !== (b.office === undefined), { message: 'give either facilityCode or office', path: ['facilityCode'] }),
    },
    handler: async (request, reply) =>
      answer(reply, async () => {
        const { ids, facilityCode, office, note } = request.body;
        const target = facilityCode ? { facilityCode } : { office: office! };
        return assignComplaints(service, [...new Set(ids)], target, staffOf(request), note ?? null);
      }),
  });

  api.post('/api/v1/complaints/:id/messages', {
    schema: { tags: ['complaints'], summary: 'Write to the complainant (read on the tracking page, without the writer’s name)', params: idParams, body: z.object({ text: text(2000) }) },
    handler: async (request, reply) => {
      await sendMessage(service, request.params.id, request.body.text, staffOf(request));
      return reply.code(201).send({ ok: true });
    },
  });

  api.post('/api/v1/complaints/:id/transition', {
    schema: {
      tags: ['complaints'],
      summary: 'Move a complaint: in_progress, answered, closed, or escalated by hand (the state machine decides who may)',
      params: idParams,
      body: z.object({ to: z.enum(STAFF_MOVES), note: z.string().trim().max(2000).optional() }),
    },
    handler: async (request, reply) =>
      answer(reply, async () => {
        await moveComplaint(service, request.params.id, request.body.to, request.body.note ?? null, staffOf(request));
        return { ok: true };
      }),
  });

  api.post('/api/v1/complaints/:id/resolve', {
    schema: { tags: ['complaints'], summary: 'Resolve a complaint; the resolution is told to the complainant, who may rate it', params: idParams, body: z.object({ resolution: text(2000) }) },
    handler: async (request, reply) =>
      answer(reply, async () => {
        await resolveComplaint(service, request.params.id, request.body.resolution, staffOf(request));
        return { ok: true };
      }),
  });

  const holiday = z.object({ date: z.string(), name: z.string(), kind: z.enum(['LIBUR_NASIONAL', 'CUTI_BERSAMA']), estimated: z.boolean().optional() });
  api.get('/api/v1/complaints/holidays', {
    schema: { tags: ['complaints'], summary: 'The holidays the SLA clocks skip (besides weekends)' },
    handler: async () => ({ items: await loadHolidays(db) }),
  });

  api.put('/api/v1/complaints/holidays', {
    schema: { tags: ['complaints'], summary: 'Replace the holiday list (admin); due times already set stay', body: z.object({ items: z.array(holiday).max(2000) }) },
    handler: async (request) => setHolidays(service, request.body.items, actorOf(request)),
  });
}
