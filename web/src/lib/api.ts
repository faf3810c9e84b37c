/** The SMART JKN HTTP API as the web app uses it: types and one fetch helper. */

// The vocabulary and report shapes are the server's own, imported so the two can never drift apart.
export { ROLES, type Role } from '../../../src/modules/access/roles.ts';
export { INACTIVE_REASONS, type InactiveReason, SEGMENTS, type Segment } from '../../../src/domain/membership.ts';
export type { UhcCategory } from '../../../src/domain/uhc-award.ts';
export { CASE_ROUTES, type CaseRoute, type MembershipAnswer, type Office, type ServiceBasis } from '../../../src/domain/eligibility.ts';
export { CASE_STATUSES, type CaseStatus } from '../../../src/domain/case-workflow.ts';
export type {
  CoverageLevel,
  CoverageReportDetail as CoverageReport,
  CoverageRowDetail as RowDetail,
  SegmentCounts,
  TrendPoint,
} from '../../../src/domain/coverage.ts';
import type { Role } from '../../../src/modules/access/roles.ts';
import type { CaseRoute, MembershipAnswer, Office } from '../../../src/domain/eligibility.ts';
import type { CaseStatus } from '../../../src/domain/case-workflow.ts';
import type { InactiveReason } from '../../../src/domain/membership.ts';

export interface Me {
  username: string;
  role: Role;
  facilityCode: string | null;
  districtCode: string;
  districtName: string;
}

export const FINDING_KINDS = ['unregistered', 'unmatched', 'deceased', 'moved'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export interface FindingCounts {
  unmatchedMembers: number;
  deceasedMembers: number;
  movedMembers: number;
  unregisteredResidents: number;
  /** Of the deceased / moved members, those still AKTIF (when the server reports it). */
  deceasedActiveMembers?: number;
  movedActiveMembers?: number;
}

export interface FindingItem {
  nikMasked: string;
  name: string | null;
  desaCode: string | null;
  desaName: string | null;
  segment: string | null;
  status: string | null;
  reason: string | null;
}

export interface Paged<T> {
  total: number;
  /** The total is a lower bound: the server counted only so far (the audit log). */
  totalIsAtLeast?: boolean;
  items: T[];
}

export const IMPORT_SOURCES = ['penduduk', 'peserta', 'dtsen', 'prioritas', 'faskes', 'kunjungan'] as const;
export type ImportSource = (typeof IMPORT_SOURCES)[number];

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'rejected' | 'failed';

export interface RowError {
  line: number;
  column: string | null;
  reason: string;
}

export interface ImportResult {
  batchId: string | number;
  source: string;
  dataPer: string | null;
  rowsTotal: number;
  rowsValid: number;
  rowsInvalid: number;
  errors: RowError[];
  /** How many issues there are in all (errors holds the first ones). */
  errorsTotal?: number;
  errorsTruncated: boolean;
}

export interface Job {
  id: string;
  kind: string;
  status: JobStatus;
  progress: { bytesRead: number; totalBytes: number; rows: number };
  message: string | null;
  result: ImportResult | null;
}

/** Status of an import batch in the history. */
export type BatchStatus = 'staging' | 'committed' | 'superseded' | 'rejected' | 'abandoned' | 'history';

export interface ImportBatch {
  id: string | number;
  source: string;
  fileName: string | null;
  dataPer: string | null;
  status: string;
  rowsTotal: number | null;
  rowsValid: number | null;
  rowsInvalid: number | null;
  startedAt: string | null;
  finishedAt: string | null;
  username: string | null;
}

export interface User {
  id: string | number;
  username: string;
  role: Role;
  facilityCode: string | null;
  createdAt: string;
}

/** `GET /users/:id/sessions`: a live session (never its token). */
export interface UserSession {
  id: number;
  createdAt: string;
  expiresAt: string;
  /** The client address the session was created from. */
  ip: string | null;
}

export interface AuditEntry {
  id: string | number;
  at: string;
  username: string | null;
  action: string;
  /** NIKs in it are masked by the server. */
  subject: string | null;
  detail: unknown;
  ip?: string | null;
}

export const OFFICES = ['dinkes', 'dinsos', 'disnaker', 'disdukcapil'] as const satisfies readonly Office[];

/** `GET /eligibility/{nik}`: the counter answer, typed from the server's own schema. */
export type { EligibilityAnswer } from '../../../src/modules/eligibility/answer.ts';

/** `POST /self-check`: all null but `matched` when NIK and family card number do not match. */
export interface SelfCheckAnswer {
  matched: boolean;
  membership: MembershipAnswer | null;
  reason: InactiveReason | null;
  served: boolean | null;
  route: CaseRoute | null;
  /** Plain Indonesian. */
  advice: string | null;
  asOf: string | null;
}

/** A reactivation or registration case on an office's worklist (NIK masked). */
export interface CaseItem {
  id: string;
  nikMasked: string;
  route: CaseRoute;
  ownerOffice: Office;
  status: CaseStatus;
  /** The rule and its source, in English for the record. */
  basis: string;
  openedAt: string;
  dueAt: string;
  openedBy: string | null;
  facilityCode: string | null;
  updatedAt: string;
}

export interface CaseEvent {
  at: string;
  username: string | null;
  fromStatus: CaseStatus | null;
  toStatus: CaseStatus;
  note: string | null;
}

export interface CaseDetail extends CaseItem {
  history: CaseEvent[];
}

export interface Worklist extends Paged<CaseItem> {
  office: Office | null;
}

/** An HTTP error from the API, with the server's `{ error }` message when there is one. */
export class ApiError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

export function isApiError(error: unknown, status?: number): error is ApiError {
  return error instanceof ApiError && (status === undefined || error.status === status);
}

type Query = Record<string, string | number | boolean | null | undefined>;

export function apiUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return `/api/v1${path}${text ? `?${text}` : ''}`;
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Query;
  json?: unknown;
  form?: FormData;
  signal?: AbortSignal;
}

/** Calls the API with the session cookie; resolves to the JSON body (undefined for 204). */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: BodyInit | undefined;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.form) {
    body = options.form;
  }
  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), {
      method: options.method ?? (body ? 'POST' : 'GET'),
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, error instanceof Error ? error.message : String(error));
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (!response.ok) {
    const message =
      data && typeof data === 'object' && 'error' in data && typeof data.error === 'string'
        ? data.error
        : response.statusText || `HTTP ${response.status}`;
    throw new ApiError(response.status, message);
  }
  return data as T;
}

/** Facility scorecards (issue 15): the server's own view types. */
export type {
  ScorecardView,
  ScorecardViewRow,
  TrendPoint as ScorecardTrendPoint,
} from '../../../src/modules/quality/scorecard-service.ts';
