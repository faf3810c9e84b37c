/**
 * One desa of the synthetic district: its families, their NIK and KK numbers, welfare ranking and JKN
 * membership, rendered as CSV rows. A desa needs only its plan (sizes and quotas decided district-wide in
 * generate.ts) and its own random stream, so desa are generated one at a time and then forgotten.
 */
import type { InactiveReason, MembershipClass, ResidentStatus, Segment } from '../../domain/membership.ts';
import { encodeNikBirthDate, type Sex } from '../../domain/nik.ts';
import {
  ARREARS_WEIGHT_POOR,
  CLASS_WEIGHTS,
  CURRENT_EXTRACT,
  DTSEN_RICHER_LISTED_SHARE,
  EXTRACTS,
  EXTREME_POOR_SHARE,
  FORMER_RESIDENT_MEMBER_SHARE,
  INACTIVE_RATE,
  INACTIVE_SINCE_SHARE,
  PBI_REMOVAL_WEIGHT_NOT_POOR,
  PEMDA_NEW_REGISTRATION_SHARE,
  PERSONAL_CAUSES,
  PERSONAL_CAUSE_SHARE,
  REFERENCE_DATE,
  SEGMENT_MEMBERS,
  UNIT_CAUSES,
} from './calibration.ts';
import { drawHousehold, MAX_FAMILY_SIZE, type MemberDraft, type Role } from './generate-household.ts';
import { drawName } from './generate-names.ts';
import { createRng, normalQuantile, weightedOrder, type Rng } from './generate-rng.ts';

/** Unregistered residents are planned like a segment. */
export type SegmentOrNone = Segment | 'NONE';

export interface DesaPlan {
  code: string;
  kecamatanCode: string;
  /** Living residents (status HIDUP). */
  population: number;
  segmentQuota: Record<SegmentOrNone, number>;
  inactiveQuota: Record<Segment, number>;
  deceased: number;
  moved: number;
  unmatched: number;
  /** This desa's own block of NIK and KK serials (`serialBase + 1 …`), disjoint from every other desa's. */
  serialBase: number;
  serialBlock: number;
  /** Three digits that make this desa's card numbers disjoint from every other desa's. */
  cardPrefix: string;
}

export interface DistrictContext {
  seed: number;
  /** Primary facilities (kode_fktp) of each kecamatan, the first being its Puskesmas. */
  facilities: Map<string, string[]>;
  allFacilities: string[];
  /** NIK region digits of the district's kecamatan and of the other regencies' kecamatan in the province. */
  districtNikRegions: string[];
  provinceNikRegions: string[];
}

export interface DesaStats {
  living: number;
  deceased: number;
  moved: number;
  families: number;
  pendudukRows: number;
  dtsenRows: number;
  extremePoor: number;
  desilPoorHalf: number;
  /** Living residents registered and active, per extract. */
  registered: number[];
  active: number[];
  pesertaRows: number[];
  /** Current extract, living residents. */
  bySegment: Record<Segment, { registered: number; active: number }>;
  /** Current-extract rows of residents who died or moved out, and of NIKs in no population row. */
  deceasedMembers: number;
  movedMembers: number;
  unmatchedMembers: number;
}

/** CSV rows (UTF-8, no header) of one desa for each file. */
export interface DesaOutput {
  penduduk: Buffer;
  /** One chunk per extract, oldest first. */
  peserta: Buffer[];
  dtsen: Buffer;
  stats: DesaStats;
}

/** Segments as the PPU pass fills them, from the richest families: state workers, then private employees. */
const PPU_ORDER: readonly Segment[] = ['PPU_PN', 'PPU_BU'];
/**
 * The rest, from the poorest families up: central PBI, the district's PBI, the unregistered near-poor, the
 * self-paying informal workers and the non-workers; a random term in each family's rank mixes the boundaries.
 */
const POOL_ORDER: readonly SegmentOrNone[] = ['PBI_APBN', 'PBI_APBD', 'NONE', 'PBPU', 'BP'];
const RANK_NOISE = 0.6;
/** Spread of desa mean welfare, as a share of the standard deviation of family welfare (which stays 1). */
const DESA_WELFARE_SPREAD = 0.25;
/** National deciles of family welfare: desil 1–5 below 0, so ≈ half the district is in the poorer half. */
const DESIL_THRESHOLDS = Array.from({ length: 9 }, (_, i) => normalQuantile((i + 1) / 10));
const EXTREME_POOR_WELFARE = normalQuantile(EXTREME_POOR_SHARE);
const DESIL_FIELDS = Array.from({ length: 11 }, (_, desil) => `,${desil},`);
/** PPU covers the worker, a spouse and at most three children up to 25 (docs/rules.md §1 "Family unit"). */
const PPU_CHILDREN = 3;
const PPU_CHILD_MAX_AGE = 25;
const PPU_BU_MAX_HEAD_AGE = 58;
const WORKING_MIN_AGE = 19;
/** Share of families registered at a facility in another kecamatan (closer to work, or a better clinic). */
const OTHER_KECAMATAN_FACILITY_SHARE = 0.04;
const KK_FIRST_ISSUE = Date.UTC(2008, 0, 1) / 86_400_000;
const REFERENCE_DAY = Date.parse(`${REFERENCE_DATE}T00:00:00Z`) / 86_400_000;
const DAYS_PER_YEAR = 365.2425;
const MEMBER_SEGMENT_MIX = Object.entries(SEGMENT_MEMBERS) as [Segment, number][];
const INACTIVE_SINCE_CHOICES = INACTIVE_SINCE_SHARE.map((share, extract) => [extract, share] as const);

interface Family {
  noKk: string;
  /** Welfare plus noise: the order in which segments are filled (see placeSegments). */
  rank: number;
  desil: number;
  inDtsen: boolean;
  extremePoor: boolean;
  noble: boolean;
  facility: string;
  members: Person[];
}

interface Person {
  role: Role;
  sex: Sex;
  age: number;
  birthDay: number;
  nik: string;
  name: string;
  status: ResidentStatus;
  family: Family | null;
  membership: Membership | null;
  /** Whether this person's segment has been decided (a decided living resident may be unregistered). */
  placed: boolean;
}

interface Membership {
  segment: Segment;
  kelas: MembershipClass;
  noKartu: string;
  facility: string;
  /** First extract the member appears in. */
  registeredFrom: number;
  /** First extract in which the member is inactive; past the last extract when active now. */
  inactiveFrom: number;
  cause: InactiveReason | null;
  /** Months in arrears at the current extract (TUNGGAKAN only). */
  arrears: number;
}

interface Unit {
  family: Family;
  segment: Segment;
  members: Person[];
}

export function generateDesa(plan: DesaPlan, context: DistrictContext): DesaOutput {
  return new DesaGenerator(plan, context).run();
}

class DesaGenerator {
  private readonly rng: Rng;
  /** Serials used so far per 12-digit prefix; NIK and KK numbers count separately. */
  private readonly nikSerials = new Map<string, number>();
  private readonly kkSerials = new Map<string, number>();
  private readonly ownNikRegion: string;
  private readonly facilityChoices: (readonly [string, number])[];
  private readonly welfareShift: number;
  private cardSerial = 0;

  constructor(
    private readonly plan: DesaPlan,
    private readonly context: DistrictContext,
  ) {
    this.rng = createRng(context.seed, 'desa', plan.code);
    this.ownNikRegion = plan.kecamatanCode.replaceAll('.', '');
    // The Puskesmas has most of the registrations.
    this.facilityChoices = context.facilities.get(plan.kecamatanCode)!.map((code, i) => [code, i === 0 ? 4 : 1] as const);
    this.welfareShift = DESA_WELFARE_SPREAD * this.rng.normal();
  }

  run(): DesaOutput {
    const living = this.drawFamilies(this.plan.population, 'HIDUP');
    const moved = this.drawFamilies(this.plan.moved, 'PINDAH');
    this.placeSegments(living);
    const units = this.membershipUnits(living);
    this.deactivate(units);
    const deceased = this.addDeceased(living);
    for (const family of moved) {
      if (this.rng.chance(FORMER_RESIDENT_MEMBER_SHARE)) this.enrolFormer(family.members, family, this.drawSegment());
    }
    const unmatched = Array.from({ length: this.plan.unmatched }, () => this.unmatchedMember());
    return this.render([...living, ...moved], deceased, unmatched);
  }

  /** Families until exactly `count` people; the last family is cut short when it would overshoot. */
  private drawFamilies(count: number, status: ResidentStatus): Family[] {
    const families: Family[] = [];
    let people = 0;
    while (people < count) {
      const drafts = drawHousehold(this.rng).slice(0, count - people);
      families.push(this.family(drafts, status));
      people += drafts.length;
    }
    return families;
  }

  private family(drafts: MemberDraft[], status: ResidentStatus): Family {
    const welfare = this.welfareShift + Math.sqrt(1 - DESA_WELFARE_SPREAD ** 2) * this.rng.normal();
    const desil = 1 + DESIL_THRESHOLDS.filter((t) => welfare >= t).length;
    const family: Family = {
      noKk: '',
      rank: welfare + RANK_NOISE * this.rng.normal(),
      desil,
      inDtsen: desil <= 5 || this.rng.chance(DTSEN_RICHER_LISTED_SHARE),
      extremePoor: welfare < EXTREME_POOR_WELFARE,
      noble: this.rng.chance(0.07),
      facility: this.drawFacility(),
      members: [],
    };
    family.members = drafts.map((d) => this.person(d, status, family));
    family.noKk = this.kkNumber(family.members[0]);
    return family;
  }

  private person(draft: MemberDraft, status: ResidentStatus, family: Family | null): Person {
    const birthDay = REFERENCE_DAY - Math.floor(draft.age * DAYS_PER_YEAR);
    // Titles pass from the father: the head's own children and grandchildren carry it, spouses need not.
    const noble = family !== null && family.noble && (draft.role !== 'spouse' || this.rng.chance(0.3));
    // Fields listed one by one: spreading the draft is several times slower on this hot path.
    return {
      role: draft.role,
      sex: draft.sex,
      age: draft.age,
      birthDay,
      nik: this.nik(draft, birthDay),
      name: drawName(this.rng, draft.sex, noble),
      status,
      family,
      membership: null,
      placed: false,
    };
  }

  /**
   * Region digits are the kecamatan of first registration: mostly this one, some another kecamatan of the
   * district or another regency of the province (people who moved in); children mostly were born here.
   */
  private nik(draft: MemberDraft, birthDay: number): string {
    const r = this.rng.next();
    const child = draft.age < 17;
    const region =
      r < (child ? 0.01 : 0.05)
        ? this.rng.pick(this.context.provinceNikRegions)
        : r < (child ? 0.04 : 0.09)
          ? this.rng.pick(this.context.districtNikRegions)
          : this.ownNikRegion;
    const date = civilDate(birthDay);
    return this.serial(region + encodeNikBirthDate(date, draft.sex), this.nikSerials);
  }

  /** KK number: the kecamatan that issued it, the issue date (DDMMYY) and a serial, like a NIK. */
  private kkNumber(head: Person): string {
    const earliest = Math.max(KK_FIRST_ISSUE, head.birthDay + Math.ceil(17 * DAYS_PER_YEAR));
    const issued = civilDate(earliest + this.rng.int(Math.max(1, REFERENCE_DAY - earliest)));
    return this.serial(this.ownNikRegion + encodeNikBirthDate(issued, 'L'), this.kkSerials);
  }

  /** Appends the next serial of this desa's block for the 12-digit prefix. */
  private serial(prefix: string, serials: Map<string, number>): string {
    const used = (serials.get(prefix) ?? 0) + 1;
    if (used > this.plan.serialBlock) {
      throw new RangeError(`Demo desa ${this.plan.code} ran out of serials for ${prefix}; use a smaller scale`);
    }
    serials.set(prefix, used);
    return prefix + String(this.plan.serialBase + used).padStart(4, '0');
  }

  private drawFacility(): string {
    if (this.rng.chance(OTHER_KECAMATAN_FACILITY_SHARE)) return this.rng.pick(this.context.allFacilities);
    return this.rng.weighted(this.facilityChoices);
  }

  /**
   * Fills this desa's segment quotas exactly, family by family: PPU first from the richest families
   * (worker, spouse, three children), then everyone left from the poorest up in POOL_ORDER. A family
   * therefore mostly shares a segment; it is split only where one segment's quota runs out.
   */
  private placeSegments(families: Family[]): void {
    const left = { ...this.plan.segmentQuota };
    const byRank = [...families].sort((a, b) => b.rank - a.rank);
    let ppu = 0;
    for (const family of byRank) {
      while (ppu < PPU_ORDER.length && left[PPU_ORDER[ppu]] === 0) ppu++;
      if (ppu === PPU_ORDER.length) break;
      const segment = PPU_ORDER[ppu];
      const head = family.members[0];
      // No upper age for state workers: PNS/TNI/Polri pensioners stay in PPU_PN.
      if (head.age < WORKING_MIN_AGE || (segment === 'PPU_BU' && head.age > PPU_BU_MAX_HEAD_AGE)) continue;
      const covered = ppuCovered(family.members).slice(0, left[segment]);
      for (const person of covered) this.place(person, segment);
      left[segment] -= covered.length;
    }
    // A desa too small to find its PPU quota (tiny scales only) registers the rest as self-payers.
    left.PBPU += left.PPU_PN + left.PPU_BU;

    let pool = 0;
    for (let i = byRank.length - 1; i >= 0; i--) {
      for (const person of byRank[i].members) {
        if (person.placed) continue;
        while (left[POOL_ORDER[pool]] === 0) pool++;
        this.place(person, POOL_ORDER[pool]);
        left[POOL_ORDER[pool]]--;
      }
    }
  }

  private place(person: Person, segment: SegmentOrNone): void {
    person.placed = true;
    if (segment !== 'NONE') person.membership = this.membership(segment, person.family!.facility);
  }

  private membership(segment: Segment, facility: string): Membership {
    return {
      segment,
      kelas: '3',
      noKartu: '',
      facility,
      registeredFrom: 0,
      inactiveFrom: EXTRACTS.length,
      cause: null,
      arrears: 0,
    };
  }

  /** Members of one family in one segment: they share a class, and lose or keep their status together. */
  private membershipUnits(families: Family[]): Unit[] {
    const units: Unit[] = [];
    for (const family of families) {
      const bySegment = new Map<Segment, Person[]>();
      for (const person of family.members) {
        if (!person.membership) continue;
        const list = bySegment.get(person.membership.segment) ?? [];
        list.push(person);
        bySegment.set(person.membership.segment, list);
      }
      for (const [segment, members] of bySegment) {
        const kelas = this.rng.weighted(CLASS_WEIGHTS[segment]);
        for (const person of members) person.membership!.kelas = kelas;
        units.push({ family, segment, members });
      }
    }
    return units;
  }

  /**
   * Makes exactly the planned number of each segment's members inactive, whole units at a time in a
   * weighted random order (PBI removals hit families outside DTSEN desil 1–5; arrears hit the poorest).
   */
  private deactivate(units: Unit[]): void {
    const bySegment = new Map<Segment, Unit[]>();
    for (const unit of units) {
      const list = bySegment.get(unit.segment) ?? [];
      list.push(unit);
      bySegment.set(unit.segment, list);
    }
    for (const [segment, list] of bySegment) {
      const ordered = weightedOrder(list, inactivityWeight, this.rng);
      let remaining = this.plan.inactiveQuota[segment];
      const skipped: Unit[] = [];
      for (const unit of ordered) {
        if (remaining === 0) break;
        if (unit.members.length <= remaining) {
          this.lapse(unit.members, segment);
          remaining -= unit.members.length;
        } else {
          skipped.push(unit);
        }
      }
      // When no whole unit fits the remainder, part of one lapses (e.g. one member stopped paying).
      for (const unit of skipped) {
        if (remaining === 0) break;
        const part = unit.members.slice(0, remaining);
        this.lapse(part, segment);
        remaining -= part.length;
      }
    }
    for (const unit of bySegment.get('PBI_APBD') ?? []) this.maybeNewEnrolment(unit);
  }

  /** Some active Pemda members were only enrolled after the first extract: they are new in later ones. */
  private maybeNewEnrolment(unit: Unit): void {
    if (unit.members.some((p) => p.membership!.cause)) return;
    for (let e = 1; e < EXTRACTS.length; e++) {
      if (this.rng.chance(PEMDA_NEW_REGISTRATION_SHARE)) {
        for (const person of unit.members) person.membership!.registeredFrom = e;
        return;
      }
    }
  }

  /**
   * Marks members inactive now with their unit's cause. The extract from which they are inactive is drawn
   * so that the district's earlier rates come out (calibration.ts INACTIVE_SINCE_SHARE); arrears agree with it.
   */
  private lapse(members: Person[], segment: Segment): void {
    const cause = this.rng.weighted(UNIT_CAUSES[segment]);
    // Never-paid members have been inactive since they registered.
    const since = cause === 'PENANGGUHAN' ? 0 : this.rng.weighted(INACTIVE_SINCE_CHOICES);
    const arrears = cause === 'TUNGGAKAN' ? this.arrearsSince(since) : 0;
    for (const person of members) {
      const m = person.membership!;
      m.inactiveFrom = since;
      m.cause = this.rng.chance(PERSONAL_CAUSE_SHARE) ? this.rng.weighted(PERSONAL_CAUSES) : cause;
      m.arrears = m.cause === 'TUNGGAKAN' ? arrears : 0;
    }
  }

  /** Months in arrears now for someone who fell behind between extract `since - 1` and `since`. */
  private arrearsSince(since: number): number {
    const min = EXTRACTS[since].monthsBeforeCurrent + 1;
    if (since === 0) return min + Math.floor(-Math.log(1 - this.rng.next()) * 9);
    return min + this.rng.int(EXTRACTS[since - 1].monthsBeforeCurrent - min + 1);
  }

  /**
   * Deceased residents stay on their family's card with status MENINGGAL; mostly elderly. Half still have a
   * membership: either not yet reported to BPJS (still active) or already closed as MENINGGAL.
   */
  private addDeceased(families: Family[]): Person[] {
    const deceased: Person[] = [];
    for (let i = 0; i < this.plan.deceased; i++) {
      // The next family with room on its card, from a random start.
      let index = this.rng.int(families.length);
      for (let tries = 1; tries < families.length && families[index].members.length >= MAX_FAMILY_SIZE; tries++) {
        index = (index + 1) % families.length;
      }
      const family = families[index];
      const age = this.rng.chance(0.8) ? 60 + this.rng.next() * 35 : 20 + this.rng.next() * 40;
      const person = this.person({ role: 'parent', sex: this.rng.chance(0.5) ? 'L' : 'P', age }, 'MENINGGAL', family);
      family.members.push(person);
      deceased.push(person);
      if (!this.rng.chance(FORMER_RESIDENT_MEMBER_SHARE)) continue;
      const segment = family.members[0].membership?.segment ?? this.drawSegment();
      person.membership = this.membership(segment, family.facility);
      person.membership.kelas = this.rng.weighted(CLASS_WEIGHTS[segment]);
      if (this.rng.chance(0.5)) {
        person.membership.cause = 'MENINGGAL';
        person.membership.inactiveFrom = this.rng.int(EXTRACTS.length);
      }
    }
    return deceased;
  }

  /** A membership for people who are not living residents: active at their segment's usual rate. */
  private enrolFormer(members: Person[], family: Family | null, segment: Segment): void {
    const kelas = this.rng.weighted(CLASS_WEIGHTS[segment]);
    for (const person of members) {
      person.membership = this.membership(segment, family?.facility ?? this.drawFacility());
      person.membership.kelas = kelas;
    }
    if (this.rng.chance(INACTIVE_RATE[segment])) this.lapse(members, segment);
  }

  /** A member whose NIK is in no population row (moved in unreported, or a data error at BPJS). */
  private unmatchedMember(): Person {
    const age = this.rng.chance(0.8) ? 18 + this.rng.next() * 50 : this.rng.next() * 18;
    const person = this.person({ role: 'head', sex: this.rng.chance(0.5) ? 'L' : 'P', age }, 'HIDUP', null);
    this.enrolFormer([person], null, this.drawSegment());
    return person;
  }

  private drawSegment(): Segment {
    return this.rng.weighted(MEMBER_SEGMENT_MIX);
  }

  private render(families: Family[], deceased: Person[], unmatched: Person[]): DesaOutput {
    const stats = emptyStats();
    const people = this.plan.population + this.plan.deceased + this.plan.moved;
    const penduduk = new ByteWriter(people * 100);
    const peserta = EXTRACTS.map(() => new ByteWriter(people * 80));
    const dtsen = new ByteWriter(people * 25);
    const desaField = `,${this.plan.code},`;
    const writeMembership = (person: Person): void => {
      const m = person.membership;
      if (!m) return;
      m.noKartu = this.cardNumber();
      const segmentFields = `,${m.segment},${m.kelas},`;
      const showsArrears = m.segment === 'PBPU' || m.segment === 'BP';
      const resident = person.status === 'HIDUP' && person.family !== null;
      for (let e = m.registeredFrom; e < EXTRACTS.length; e++) {
        const inactive = m.inactiveFrom <= e;
        const arrears = m.cause === 'TUNGGAKAN' && inactive ? m.arrears - EXTRACTS[e].monthsBeforeCurrent : 0;
        peserta[e]
          .add(person.nik)
          .add(',')
          .add(m.noKartu)
          .add(segmentFields)
          .add(inactive ? `NONAKTIF,${m.cause},` : 'AKTIF,,')
          .add(showsArrears ? String(arrears) : '')
          .add(',')
          .add(m.facility)
          .add(',')
          .add(EXTRACTS[e].dataPer)
          .add('\n');
        stats.pesertaRows[e]++;
        if (!resident) continue;
        stats.registered[e]++;
        if (!inactive) stats.active[e]++;
        if (e === CURRENT_EXTRACT) {
          stats.bySegment[m.segment].registered++;
          if (!inactive) stats.bySegment[m.segment].active++;
        }
      }
      if (person.status === 'MENINGGAL') stats.deceasedMembers++;
      else if (person.status === 'PINDAH') stats.movedMembers++;
      else if (!person.family) stats.unmatchedMembers++;
    };

    for (const family of families) {
      if (family.members[0].status === 'HIDUP') stats.families++;
      for (const person of family.members) {
        penduduk
          .add(person.nik)
          .add(',')
          .add(family.noKk)
          .add(',')
          .add(person.name)
          .add(person.sex === 'L' ? ',L,' : ',P,')
          .add(civilDate(person.birthDay).iso)
          .add(desaField)
          .add(person.status)
          .add('\n');
        stats.pendudukRows++;
        writeMembership(person);
        if (person.status !== 'HIDUP') continue;
        stats.living++;
        if (family.desil <= 5) stats.desilPoorHalf++;
        if (!family.inDtsen) continue;
        dtsen.add(person.nik).add(DESIL_FIELDS[family.desil]).add(family.extremePoor ? 'Y\n' : 'N\n');
        stats.dtsenRows++;
        if (family.extremePoor) stats.extremePoor++;
      }
    }
    for (const person of unmatched) writeMembership(person);
    stats.deceased = deceased.length;
    stats.moved = this.plan.moved;
    return { penduduk: penduduk.bytes(), peserta: peserta.map((w) => w.bytes()), dtsen: dtsen.bytes(), stats };
  }

  /** 13 digits: "000", the desa's three digits and a rising serial with small gaps, as issued over the years. */
  private cardNumber(): string {
    this.cardSerial += 1 + this.rng.int(3);
    return `000${this.plan.cardPrefix}${String(this.cardSerial).padStart(7, '0')}`;
  }
}

/** Worker, spouse and the youngest three children of up to 25, in card order. */
function ppuCovered(members: Person[]): Person[] {
  const children = members
    .filter((p) => p.role === 'child' && p.age <= PPU_CHILD_MAX_AGE)
    .sort((a, b) => a.age - b.age)
    .slice(0, PPU_CHILDREN);
  return members.filter((p) => p.role === 'head' || p.role === 'spouse' || children.includes(p));
}

function inactivityWeight(unit: Unit): number {
  const { family, segment } = unit;
  if (segment === 'PBI_APBN') return family.inDtsen && family.desil <= 5 ? 1 : PBI_REMOVAL_WEIGHT_NOT_POOR;
  if (segment === 'PBPU' || segment === 'BP') return family.desil <= 4 ? ARREARS_WEIGHT_POOR : 1;
  return 1;
}

function emptyStats(): DesaStats {
  const perExtract = (): number[] => EXTRACTS.map(() => 0);
  return {
    living: 0,
    deceased: 0,
    moved: 0,
    families: 0,
    pendudukRows: 0,
    dtsenRows: 0,
    extremePoor: 0,
    desilPoorHalf: 0,
    registered: perExtract(),
    active: perExtract(),
    pesertaRows: perExtract(),
    bySegment: Object.fromEntries(
      MEMBER_SEGMENT_MIX.map(([s]) => [s, { registered: 0, active: 0 }]),
    ) as DesaStats['bySegment'],
    deceasedMembers: 0,
    movedMembers: 0,
    unmatchedMembers: 0,
  };
}

/**
 * Rows written straight into bytes, a field at a time: several times faster than building row strings
 * and joining them, which leaves millions of string fragments for the garbage collector.
 */
class ByteWriter {
  private buffer: Buffer;
  private length = 0;

  constructor(initialBytes: number) {
    this.buffer = Buffer.allocUnsafe(initialBytes);
  }

  add(text: string): this {
    // A UTF-8 character takes at most 3 bytes per UTF-16 unit.
    if (this.length + 3 * text.length > this.buffer.length) {
      const grown = Buffer.allocUnsafe(2 * this.buffer.length + 3 * text.length);
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
    this.length += this.buffer.write(text, this.length);
    return this;
  }

  bytes(): Buffer {
    return this.buffer.subarray(0, this.length);
  }
}

interface CivilDate {
  year: number;
  month: number;
  day: number;
  iso: string;
}

/**
 * Days since 1970-01-01 → calendar date, cached by days before the reference date (every date generated
 * is on or before it): a district has only ~40 thousand distinct dates.
 */
const civilDates: CivilDate[] = [];
function civilDate(epochDay: number): CivilDate {
  const daysBefore = REFERENCE_DAY - epochDay;
  let date = civilDates[daysBefore];
  if (!date) {
    const d = new Date(epochDay * 86_400_000);
    date = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), iso: d.toISOString().slice(0, 10) };
    civilDates[daysBefore] = date;
  }
  return date;
}
