/**
 * The counter check: NIK → covered or not, why, and the case opened for a resident whose membership is
 * not active. Answers from the in-memory mirror (rebuilt after every import) or, when configured, live
 * from BPJS with the mirror as fallback. Nothing on this path waits for the database: cases and audit
 * records are written in batches behind the answer.
 */
import type { AppContext } from '../../app/context.ts';
import type { Sql } from '../../db/client.ts';
import {
  type DistrictPolicy,
  decideEligibility,
  type EligibilityDecision,
  type MembershipAnswer,
  type ServiceBasis,
} from '../../domain/eligibility.ts';
import { isoDateIn } from '../../domain/format.ts';
import type { InactiveReason, MembershipClass, MembershipStatus, ResidentStatus, Segment } from '../../domain/membership.ts';
import { parseNik } from '../../domain/nik.ts';
import { describeIssue } from '../../domain/row-issues.ts';
import type { AuditBuffer } from '../access/index.ts';
import type { CaseOpener } from '../cases/index.ts';
import { BpjsClient, type BpjsClientOptions, type BpjsLookup } from './bpjs/client.ts';
import type { BpjsConfig } from './bpjs/config.ts';
import type { GiveWay } from '../../workers/give-way.ts';
import { familyCardKey } from './mirror-columns.ts';
import { type MirrorFacts, MirrorIndex } from './mirror-index.ts';
import { districtPolicy } from './policy.ts';
import type { EligibilityAnswer, EligibilitySource } from './answer.ts';

export type { EligibilityAnswer, EligibilitySource } from './answer.ts';

export type CheckChannel = 'counter' | 'fhir' | 'self-check';

/** Who asks: a logged-in user, a facility system (API key) or a resident. */
export interface Asker {
  userId: number | null;
  username: string | null;
  facilityCode: string | null;
  channel: CheckChannel;
  ip: string | null;
}

export class InvalidNikError extends Error {}

/** How often the current batches are compared with the mirror's (imports by another process). */
const RECHECK_MS = 5_000;

export interface EligibilityOptions {
  /** The case opener and the audit buffer the checks write to (built by the composition root, src/app/compose.ts). */
  cases: CaseOpener;
  audit: AuditBuffer;
  policy?: DistrictPolicy;
  bpjs?: BpjsConfig | null;
  bpjsOptions?: BpjsClientOptions;
  now?: () => Date;
  /** Awaited before each table of a mirror rebuild (workers/give-way.ts). */
  giveWay?: GiveWay;
}

export class EligibilityService {
  private mirror: MirrorIndex | null = null;
  private loading: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;
  private readonly bpjs: { client: BpjsClient; service: 'vclaim' | 'pcare' } | null;
  readonly cases: CaseOpener;
  readonly audit: AuditBuffer;
  readonly policy: DistrictPolicy;
  private readonly now: () => Date;
  private readonly giveWay: GiveWay | undefined;
  readonly districtCode: string;

  constructor(
    private readonly app: AppContext,
    options: EligibilityOptions,
  ) {
    this.districtCode = app.district.district.code;
    this.policy = options.policy ?? districtPolicy();
    this.now = options.now ?? (() => new Date());
    this.giveWay = options.giveWay;
    const bpjs = options.bpjs ?? null;
    this.bpjs = bpjs && {
      client: new BpjsClient(bpjs, options.bpjsOptions),
      // VClaim first when configured (formats.md); a primary-care-only deployment asks PCare.
      service: bpjs.vclaimUrl ? 'vclaim' : 'pcare',
    };
    this.cases = options.cases;
    this.audit = options.audit;
    this.timer = setInterval(() => void this.refresh().catch(() => undefined), RECHECK_MS);
    this.timer.unref();
  }

  /**
   * Reads the open cases and starts loading the mirror (seconds at full scale) in the background; until it
   * is in memory, checks wait for it (the person tables have no NIK index to answer from).
   */
  async start(): Promise<void> {
    void this.refresh().catch(() => undefined);
    await this.recoverJournals();
    await this.cases.load();
  }

  /** Queues what the journals of a previous run hold (a crash, a stop while the database was away). */
  async recoverJournals(): Promise<void> {
    await Promise.all([this.cases.recover(), this.audit.recover()]);
  }

  /** The buffered writers' state, for the health report. */
  writers() {
    return { audit: this.audit.state(), cases: this.cases.state() };
  }

  /**
   * Rebuilds the mirror when the current batches changed (after an import). Calls queue behind a load in
   * progress, so a batch committed during a load is picked up by the next one.
   */
  refresh(): Promise<void> {
    const run = async () => {
      const key = await MirrorIndex.currentKey(this.app.db, this.districtCode);
      if (this.mirror?.key !== key) this.mirror = await MirrorIndex.load(this.app.db, this.districtCode, this.mirror ?? undefined, this.giveWay);
    };
    const next = this.loading.catch(() => undefined).then(run);
    this.loading = next;
    return next;
  }

  /** Validates the NIK (16 digits, NIK rules) and answers the counter; opens a case where the rules say. */
  async check(nik: string, asker: Asker): Promise<EligibilityAnswer> {
    const parsed = parseNik(nik);
    if (!parsed.ok) throw new InvalidNikError(describeIssue(parsed, 'en'));
    const now = this.now();
    const { facts, source, asOf } = await this.gather(nik, now);
    const decision = decideEligibility(facts, this.policy, now);
    const caseId =
      decision.case === null
        ? null
        : this.cases.open({ nik, decision: decision.case, username: asker.username, facilityCode: asker.facilityCode });
    const answer = present(nik, facts, decision, { source, asOf, caseId });
    this.audit.add({
      districtCode: this.districtCode,
      userId: asker.userId,
      username: asker.username,
      action: 'eligibility.check',
      subject: nik,
      detail: {
        channel: asker.channel,
        facility: asker.facilityCode,
        membership: answer.membership,
        basis: answer.basis,
        served: answer.served,
        source,
        caseId,
      },
      ip: asker.ip,
    });
    return answer;
  }

  /** What the mirror alone says about a NIK, without a case or an audit record (callers audit). */
  async mirrorFacts(nik: string): Promise<MirrorFacts & { asOf: string }> {
    if (!this.mirror) await this.loading.catch(() => undefined);
    // Only when the mirror could not be loaded: a scan of each current batch.
    const facts = this.mirror ? this.mirror.lookup(nik) : await lookupInDatabase(this.app.db, this.districtCode, nik);
    const asOf = facts.membership?.asOf ?? this.mirror?.asOf ?? isoDateIn(this.now(), this.app.district.timeZone);
    return withMembership(facts, facts.membership, facts.membershipClass, asOf);
  }

  /** Writes what is buffered (cases, audit); the worklist and the audit search call it before reading. */
  async flush(timeoutMs?: number): Promise<void> {
    await Promise.all([this.cases.flush(timeoutMs), this.audit.flush(timeoutMs)]);
  }

  /** Writes what is buffered, or journals it when the database does not answer within `timeoutMs`. */
  async close(timeoutMs?: number): Promise<void> {
    clearInterval(this.timer);
    await this.loading.catch(() => undefined);
    await Promise.all([this.cases.close(timeoutMs), this.audit.close(timeoutMs)]);
  }

  private async gather(
    nik: string,
    now: Date,
  ): Promise<{ facts: MirrorFacts; source: EligibilitySource; asOf: string }> {
    const mirror = await this.mirrorFacts(nik);
    const live = this.bpjs ? await this.askBpjs(nik, now) : null;
    if (live === null || live.outcome === 'unavailable') return { facts: mirror, source: 'mirror', asOf: mirror.asOf };
    const asOf = isoDateIn(now, this.app.district.timeZone);
    if (live.outcome === 'not-member') {
      return { facts: withMembership(mirror, null, null, asOf), source: live.source, asOf };
    }
    const { membership } = live;
    return {
      facts: withMembership(mirror, membership, membership.membershipClass, membership.asOf),
      source: live.source,
      asOf: membership.asOf,
    };
  }

  private askBpjs(nik: string, now: Date): Promise<BpjsLookup> {
    const { client, service } = this.bpjs!;
    const today = isoDateIn(now, this.app.district.timeZone);
    return service === 'vclaim' ? client.vclaimPeserta(nik, today) : client.pcarePeserta(nik, today);
  }
}

/** The facts with these membership facts. */
function withMembership(
  facts: MirrorFacts,
  membership: MirrorFacts['membership'],
  membershipClass: MirrorFacts['membershipClass'],
  asOf: string,
): MirrorFacts & { asOf: string } {
  return { ...facts, membershipClass, membership, asOf };
}

function present(
  nik: string,
  facts: MirrorFacts,
  decision: EligibilityDecision,
  extra: { source: EligibilitySource; asOf: string; caseId: string | null },
): EligibilityAnswer {
  return {
    nik,
    resident: decision.resident,
    membership: decision.membership,
    reason: decision.reason,
    served: decision.served,
    basis: decision.basis,
    asOf: extra.asOf,
    source: extra.source,
    caseId: extra.caseId,
    nextStep: decision.nextStep,
    primaryFacility: facts.membership?.primaryFacility ?? null,
    arrearsMonths: facts.membership?.arrearsMonths ?? null,
    segment: facts.membership?.segment ?? null,
    membershipClass: facts.membershipClass,
    desaCode: facts.desaCode,
    case: decision.case && {
      route: decision.case.route,
      ownerOffice: decision.case.ownerOffice,
      dueAt: decision.case.dueAt.toISOString(),
      basis: decision.case.basis,
    },
  };
}

/** The same facts as the mirror, read from the current batches: used when the mirror could not be loaded. */
export async function lookupInDatabase(db: Sql, districtCode: string, nik: string): Promise<MirrorFacts> {
  const one = async <T>(sql: string) => (await db.query<T>(sql, [districtCode, nik]))[0] ?? null;
  const current = (source: string) => `(SELECT batch_id FROM source_state WHERE district_code = $1 AND source = '${source}')`;
  const [resident, member, welfare] = await Promise.all([
    one<{ status: string; kode_desa: string; no_kk: string }>(
      `SELECT status, kode_desa, no_kk FROM resident WHERE district_code = $1 AND batch_id = ${current('penduduk')} AND nik = $2`,
    ),
    one<{ segmen: string; kelas: string; status: string; alasan_nonaktif: string | null; bulan_tunggakan: number | null; kode_fktp: string | null; data_per: string }>(
      `SELECT segmen, kelas, status, alasan_nonaktif, bulan_tunggakan, kode_fktp, data_per FROM member
       WHERE district_code = $1 AND batch_id = ${current('peserta')} AND nik = $2`,
    ),
    one<{ desil: number; miskin_ekstrem: boolean }>(
      `SELECT desil, miskin_ekstrem FROM welfare WHERE district_code = $1 AND batch_id = ${current('dtsen')} AND nik = $2`,
    ),
  ]);
  return {
    desaCode: resident?.kode_desa ?? null,
    familyCardKey: resident ? familyCardKey(resident.no_kk) : null,
    membershipClass: (member?.kelas as MembershipClass | undefined) ?? null,
    resident: resident && { status: resident.status as ResidentStatus },
    membership: member && {
      segment: member.segmen as Segment,
      status: member.status as MembershipStatus,
      reason: member.alasan_nonaktif as InactiveReason | null,
      arrearsMonths: member.bulan_tunggakan,
      primaryFacility: member.kode_fktp,
      asOf: member.data_per,
    },
    welfare: welfare && { desil: welfare.desil, extremePoor: welfare.miskin_ekstrem },
  };
}
