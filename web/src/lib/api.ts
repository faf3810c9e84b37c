/** The SMART JKN HTTP API as the web app uses it: types and one fetch helper. */

export const ROLES = ['admin', 'dinkes', 'dinsos', 'disnaker', 'funder', 'faskes', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface Me {
  username: string;
  role: Role;
  facilityCode: string | null;
  districtCode: string;
  districtName: string;
}

export const SEGMENTS = ['PBI_APBN', 'PBI_APBD', 'PPU_PN', 'PPU_BU', 'PBPU', 'BP'] as const;
export type Segment = (typeof SEGMENTS)[number];

export const INACTIVE_REASONS = [
  'TUNGGAKAN',
  'PENANGGUHAN',
  'PBI_DINONAKTIFKAN',
  'PPU_BERHENTI',
  'MENINGGAL',
  'DATA_GANDA',
  'LAINNYA',
] as const;
export type InactiveReason = (typeof INACTIVE_REASONS)[number];

export type UhcCategory = 'UTAMA' | 'MADYA' | 'PRATAMA' | 'NONE';
export type CoverageLevel = 'kabupaten' | 'kecamatan' | 'desa';

export interface SegmentCounts {
  registered: number;
  active: number;
}

export interface RowDetail {
  code: string;
  name: string;
  population: number;
  registered: number;
  active: number;
  coverage: number;
  activeRate: number;
  activeOfRegistered: number;
  bySegment: Partial<Record<Segment, SegmentCounts>>;
  unregistered: number;
  inactive: number;
  pemda: number;
  pemdaShare: number;
  byReason: Partial<Record<InactiveReason, number>>;
}

export interface CoverageReport {
  asOf: string | null;
  level: CoverageLevel;
  total: RowDetail;
  rows: RowDetail[];
  uhcAward: { category: UhcCategory; next: UhcCategory | null; activationsNeeded: number | null };
}

export interface TrendPoint {
  asOf: string;
  population: number;
  registered: number;
  active: number;
  coverage: number;
  activeRate: number;
  activeOfRegistered: number;
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
  items: T[];
}

export const IMPORT_SOURCES = ['penduduk', 'peserta', 'dtsen'] as const;
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

export interface AuditEntry {
  id: string | number;
  at: string;
  username: string | null;
  action: string;
  subject: string | null;
  detail: unknown;
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
