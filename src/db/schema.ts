/**
 * The one schema for the embedded database (PGlite) and a PostgreSQL server.
 *
 * Every resident-level table carries `district_code` first: it is the distribution key a Citus
 * deployment would shard on (docs/scaling.md), and every unique key includes it.
 * `resident`, `member` and `welfare` are partitioned by import batch (the partitioning clause is
 * added by hand in the migration, drizzle-kit does not model it): an import loads a fresh partition,
 * commits by attaching it, and a superseded batch is dropped in one step.
 */
import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export const setting = pgTable('setting', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
});

export const area = pgTable(
  'area',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    level: text('level').notNull(),
    parentCode: text('parent_code'),
  },
  (t) => [index('area_parent_idx').on(t.parentCode)],
);

export const importBatch = pgTable(
  'import_batch',
  {
    id: serial('id').primaryKey(),
    districtCode: text('district_code').notNull(),
    source: text('source').notNull(),
    fileName: text('file_name').notNull(),
    fileSha256: text('file_sha256'),
    dataPer: date('data_per', { mode: 'string' }),
    /** staging → committed → superseded, or staging → rejected / abandoned. */
    status: text('status').notNull(),
    skipInvalid: boolean('skip_invalid').notNull().default(false),
    rowsTotal: integer('rows_total').notNull().default(0),
    rowsValid: integer('rows_valid').notNull().default(0),
    rowsInvalid: integer('rows_invalid').notNull().default(0),
    username: text('username'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('import_batch_district_source_idx').on(t.districtCode, t.source, t.id)],
);

export const importIssue = pgTable(
  'import_issue',
  {
    districtCode: text('district_code').notNull(),
    batchId: integer('batch_id').notNull(),
    line: integer('line').notNull(),
    column: text('column').notNull(),
    /** English wording; `code` and `params` let the interface word it in Indonesian. */
    reason: text('reason').notNull(),
    code: text('code'),
    params: jsonb('params'),
  },
  (t) => [index('import_issue_batch_idx').on(t.districtCode, t.batchId, t.line)],
);

/** Which committed batch is the current state of each source. */
export const sourceState = pgTable(
  'source_state',
  {
    districtCode: text('district_code').notNull(),
    source: text('source').notNull(),
    batchId: integer('batch_id').notNull(),
    dataPer: date('data_per', { mode: 'string' }),
  },
  (t) => [primaryKey({ columns: [t.districtCode, t.source] })],
);

/** Population register (Dukcapil), partitioned by batch. */
export const resident = pgTable(
  'resident',
  {
    districtCode: text('district_code').notNull(),
    batchId: integer('batch_id').notNull(),
    /** The line of the import file the row came from. */
    line: integer('line').notNull(),
    /** In byte order, COLLATE "C": set by the hand-written migration 0005 (drizzle does not model collations). */
    nik: text('nik').notNull(),
    noKk: text('no_kk').notNull(),
    nama: text('nama').notNull(),
    jenisKelamin: text('jenis_kelamin').notNull(),
    tanggalLahir: date('tanggal_lahir', { mode: 'string' }).notNull(),
    kodeDesa: text('kode_desa').notNull(),
    status: text('status').notNull(),
  },
  // No index: a NIK occurs once per batch because the import checks it (nik-tally.ts), the counter
  // reads NIKs from its in-memory mirror, and the reconciliation hashes whole batches. A key built
  // after every load cost a third of the import (1.1 s of 3.7 s for 1.44 M rows on a server).
);

/** JKN membership (BPJS extract), partitioned by batch. */
export const member = pgTable(
  'member',
  {
    districtCode: text('district_code').notNull(),
    batchId: integer('batch_id').notNull(),
    /** The line of the import file the row came from. */
    line: integer('line').notNull(),
    /** In byte order, COLLATE "C": set by the hand-written migration 0005 (drizzle does not model collations). */
    nik: text('nik').notNull(),
    noKartu: text('no_kartu').notNull(),
    segmen: text('segmen').notNull(),
    kelas: text('kelas').notNull(),
    status: text('status').notNull(),
    alasanNonaktif: text('alasan_nonaktif'),
    bulanTunggakan: integer('bulan_tunggakan'),
    kodeFktp: text('kode_fktp'),
    dataPer: date('data_per', { mode: 'string' }).notNull(),
  },
  // No index, as resident.
);

/** DTSEN welfare ranking (Dinas Sosial), partitioned by batch. */
export const welfare = pgTable(
  'welfare',
  {
    districtCode: text('district_code').notNull(),
    batchId: integer('batch_id').notNull(),
    /** The line of the import file the row came from. */
    line: integer('line').notNull(),
    /** In byte order, COLLATE "C": set by the hand-written migration 0005 (drizzle does not model collations). */
    nik: text('nik').notNull(),
    desil: smallint('desil').notNull(),
    miskinEkstrem: boolean('miskin_ekstrem').notNull(),
  },
  // No index, as resident.
);

/** Reconciled figures for one (penduduk, peserta) pair of batches: what the dashboard reads. */
export const coverageSnapshot = pgTable(
  'coverage_snapshot',
  {
    id: serial('id').primaryKey(),
    districtCode: text('district_code').notNull(),
    pendudukBatchId: integer('penduduk_batch_id').notNull(),
    pesertaBatchId: integer('peserta_batch_id').notNull(),
    asOf: date('as_of', { mode: 'string' }).notNull(),
    findings: jsonb('findings').notNull(),
    computedAt: createdAt(),
  },
  (t) => [uniqueIndex('coverage_snapshot_as_of_key').on(t.districtCode, t.asOf)],
);

export const coverageCell = pgTable(
  'coverage_cell',
  {
    districtCode: text('district_code').notNull(),
    snapshotId: integer('snapshot_id').notNull(),
    kodeDesa: text('kode_desa').notNull(),
    segmen: text('segmen'),
    status: text('status'),
    alasanNonaktif: text('alasan_nonaktif'),
    residents: integer('residents').notNull(),
  },
  (t) => [index('coverage_cell_snapshot_idx').on(t.districtCode, t.snapshotId)],
);

export const appUser = pgTable('app_user', {
  id: serial('id').primaryKey(),
  username: text('username').notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  role: text('role').notNull(),
  facilityCode: text('facility_code'),
  districtCode: text('district_code').notNull(),
  createdAt: createdAt(),
});

export const userSession = pgTable(
  'user_session',
  {
    tokenHash: text('token_hash').primaryKey(),
    /** What an admin names a session by (never the token or its hash). */
    id: serial('id').notNull(),
    userId: integer('user_id').notNull(),
    /** The client address the session was created from. */
    ip: text('ip'),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('user_session_user_idx').on(t.userId), uniqueIndex('user_session_id_key').on(t.id)],
);

export const auditEvent = pgTable(
  'audit_event',
  {
    id: bigserial('id', { mode: 'number' }).notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    districtCode: text('district_code').notNull(),
    userId: integer('user_id'),
    username: text('username'),
    action: text('action').notNull(),
    subject: text('subject'),
    detail: jsonb('detail').notNull().default(sql`'{}'::jsonb`),
    ip: text('ip'),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    index('audit_event_at_idx').on(t.districtCode, t.at),
    // "Who looked at this person" (UU PDP) is a search by NIK. An index by action told few rows apart
    // (a handful of actions, most of them counter checks) and cost as much on every write.
    index('audit_event_subject_idx').on(t.districtCode, t.subject),
  ],
);

/** The batches the buffered writers have written (src/db/durable-queue.ts): none is written twice. */
export const writtenBatch = pgTable('written_batch', { id: text('id').primaryKey() });

export const job = pgTable('job', {
  id: text('id').primaryKey(),
  districtCode: text('district_code').notNull(),
  kind: text('kind').notNull(),
  status: text('status').notNull(),
  progress: jsonb('progress').notNull().default(sql`'{}'::jsonb`),
  message: text('message'),
  result: jsonb('result'),
  createdBy: text('created_by'),
  createdAt: createdAt(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
});

/**
 * A case to make a resident's membership active (or registered, or corrected), opened by a counter
 * check and worked by the owner office against an SLA clock.
 */
export const membershipCase = pgTable(
  'membership_case',
  {
    districtCode: text('district_code').notNull(),
    id: text('id').notNull(),
    nik: text('nik').notNull(),
    route: text('route').notNull(),
    ownerOffice: text('owner_office').notNull(),
    /** open → in_progress → done | rejected */
    status: text('status').notNull(),
    basis: text('basis').notNull(),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    openedBy: text('opened_by'),
    facilityCode: text('facility_code'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    index('membership_case_worklist_idx').on(t.districtCode, t.ownerOffice, t.status, t.dueAt),
    index('membership_case_nik_idx').on(t.districtCode, t.nik),
    // One open case per person and route, even with several app servers checking at once.
    uniqueIndex('membership_case_open_idx')
      .on(t.districtCode, t.nik, t.route)
      .where(sql`${t.status} IN ('open', 'in_progress')`),
  ],
);

export const caseEvent = pgTable(
  'case_event',
  {
    districtCode: text('district_code').notNull(),
    caseId: text('case_id').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    username: text('username'),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    note: text('note'),
  },
  (t) => [index('case_event_case_idx').on(t.districtCode, t.caseId, t.at)],
);

/** Keys for facility systems (SIMRS/SIMPUS) using the FHIR API: only a hash is kept, each scoped to one facility. */
export const apiKey = pgTable(
  'api_key',
  {
    districtCode: text('district_code').notNull(),
    id: text('id').notNull(),
    keyHash: text('key_hash').notNull(),
    facilityCode: text('facility_code').notNull(),
    label: text('label').notNull(),
    createdBy: text('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.districtCode, t.id] }), uniqueIndex('api_key_hash_idx').on(t.districtCode, t.keyHash)],
);

/**
 * Public complaints (migration 0015; src/modules/complaints). The complainant's identity is in
 * `complaint_identity`, apart, read only for the officers' detail when `share_identity` is true.
 */
export const complaint = pgTable(
  'complaint',
  {
    districtCode: text('district_code').notNull(),
    id: text('id').notNull(),
    trackingCode: text('tracking_code').notNull(),
    category: text('category').notNull(),
    severity: text('severity').notNull(),
    channel: text('channel').notNull(),
    /** The SP4N-LAPOR! tracking ID of an imported or entered LAPOR! complaint. */
    externalId: text('external_id'),
    description: text('description').notNull(),
    /** The facility the complaint is about, as the complainant named it. */
    facilityCode: text('facility_code'),
    status: text('status').notNull(),
    assignedFacility: text('assigned_facility'),
    assignedOffice: text('assigned_office'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
    escalatedTo: text('escalated_to'),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    resolution: text('resolution'),
    rating: integer('rating'),
    followUpAt: timestamp('follow_up_at', { withTimezone: true }),
    fixed: boolean('fixed'),
    fixedAnsweredAt: timestamp('fixed_answered_at', { withTimezone: true }),
    createdBy: text('created_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.districtCode, t.id] }),
    uniqueIndex('complaint_tracking_key').on(t.districtCode, t.trackingCode),
    uniqueIndex('complaint_external_key')
      .on(t.districtCode, t.channel, t.externalId)
      .where(sql`${t.externalId} IS NOT NULL`),
    index('complaint_desk_idx').on(t.districtCode, t.status, t.dueAt),
    index('complaint_facility_idx').on(t.districtCode, t.assignedFacility, t.dueAt),
  ],
);

export const complaintIdentity = pgTable(
  'complaint_identity',
  {
    districtCode: text('district_code').notNull(),
    complaintId: text('complaint_id').notNull(),
    name: text('name'),
    phone: text('phone'),
    email: text('email'),
    shareIdentity: boolean('share_identity').notNull(),
  },
  (t) => [primaryKey({ columns: [t.districtCode, t.complaintId] })],
);

export const complaintMessage = pgTable(
  'complaint_message',
  {
    districtCode: text('district_code').notNull(),
    complaintId: text('complaint_id').notNull(),
    seq: serial('seq').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    /** complainant | staff | system */
    sender: text('sender').notNull(),
    /** The staff member; never shown to the complainant. */
    username: text('username'),
    text: text('text').notNull(),
  },
  (t) => [index('complaint_message_idx').on(t.districtCode, t.complaintId, t.at, t.seq)],
);

export const complaintEvent = pgTable(
  'complaint_event',
  {
    districtCode: text('district_code').notNull(),
    complaintId: text('complaint_id').notNull(),
    seq: serial('seq').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actor: text('actor').notNull(),
    username: text('username'),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    note: text('note'),
  },
  (t) => [index('complaint_event_idx').on(t.districtCode, t.complaintId, t.at, t.seq)],
);

export const complaintNotification = pgTable(
  'complaint_notification',
  {
    districtCode: text('district_code').notNull(),
    id: serial('id').notNull(),
    complaintId: text('complaint_id').notNull(),
    facilityCode: text('facility_code'),
    office: text('office'),
    at: timestamp('at', { withTimezone: true }).notNull(),
    text: text('text').notNull(),
  },
  (t) => [primaryKey({ columns: [t.districtCode, t.id] }), index('complaint_notification_idx').on(t.districtCode, t.facilityCode, t.at)],
);

/** The holidays the SLA clocks skip besides weekends; seeded from DEFAULT_HOLIDAYS, replaced by an admin. */
export const workingDayHoliday = pgTable(
  'working_day_holiday',
  {
    date: date('date').notNull(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    estimated: boolean('estimated').notNull(),
  },
  (t) => [primaryKey({ name: 'working_day_holiday_pk', columns: [t.date] })],
);
