/**
 * The NIKs of the rows an import loads, kept as numbers so that one native sort after the load finds
 * duplicate NIKs (formats.md: a NIK twice in one file is a row error) without an index on the batch
 * table.
 *
 * A code packs a valid NIK's fields (PP KK CC DD MM YY SSSS, domain/nik.ts) in mixed radix: province
 * 11–96, day 1–71, month 1–12 give 86·100·100·72·12·100·10^4 < 2^50 codes, exact in a double. Memory
 * is bounded: 8 bytes a row, and past `limit` rows the tally stops and says so; the caller then looks
 * duplicates up in the database instead.
 */

const ZERO = 0x30;
const FIRST_CAPACITY = 1 << 16;

/** More rows than any district's register (Kabupaten Bogor, the largest, has about 5.6 M residents). */
const NIK_TALLY_LIMIT = 8_000_000;

/** Mixed radix of the NIK's fields, most significant first: [digits, radix]. */
const FIELDS: readonly [number, number][] = [
  [2, 86], // province 11–96, stored − 11
  [2, 100], // regency
  [2, 100], // kecamatan
  [2, 72], // day, + 40 for women
  [2, 12], // month 1–12, stored − 1
  [2, 100], // year
  [4, 10_000], // serial
];
const OFFSETS = [11, 0, 0, 0, 1, 0, 0];

export class NikTally {
  private codes = new Float64Array(FIRST_CAPACITY);
  private count = 0;
  /** More NIKs came than `limit`: the tally was dropped and cannot answer. */
  overflowed = false;

  constructor(private readonly limit = NIK_TALLY_LIMIT) {}

  /** A valid NIK as 16 ASCII digits at `bytes[start…]`. */
  addBytes(bytes: Uint8Array, start: number): void {
    const province = twoDigits(bytes, start) - 11;
    const day = twoDigits(bytes, start + 6);
    const month = twoDigits(bytes, start + 8) - 1;
    if (province < 0 || province >= 86 || day >= 72 || month < 0 || month >= 12) {
      throw new Error('not a valid NIK: the row checks should have refused it');
    }
    // The mixed radix of FIELDS, written out: this runs for every row an import loads.
    const code =
      (((((province * 100 + twoDigits(bytes, start + 2)) * 100 + twoDigits(bytes, start + 4)) * 72 + day) * 12 + month) * 100 +
        twoDigits(bytes, start + 10)) *
        10_000 +
      twoDigits(bytes, start + 12) * 100 +
      twoDigits(bytes, start + 14);
    this.push(code);
  }

  /** A valid NIK as text. */
  add(nik: string): void {
    this.addBytes(Buffer.from(nik, 'latin1'), 0);
  }

  /** Each NIK added more than once, in NIK order (sorts the tally: call once, after the last row). */
  duplicates(): string[] {
    if (this.overflowed) throw new Error('the NIK tally overflowed: look duplicates up in the database');
    const codes = this.codes.subarray(0, this.count).sort();
    const found: string[] = [];
    for (let i = 1; i < codes.length; i++) {
      if (codes[i] === codes[i - 1] && codes[i] !== codes[i - 2]) found.push(nikOf(codes[i]));
    }
    return found;
  }

  private push(code: number): void {
    if (this.overflowed) return;
    if (this.count === this.limit) {
      this.overflowed = true;
      this.codes = new Float64Array(0);
      return;
    }
    if (this.count === this.codes.length) {
      const bigger = new Float64Array(Math.min(this.codes.length * 2, this.limit));
      bigger.set(this.codes);
      this.codes = bigger;
    }
    this.codes[this.count++] = code;
  }
}

function twoDigits(bytes: Uint8Array, at: number): number {
  return (bytes[at] - ZERO) * 10 + bytes[at + 1] - ZERO;
}

/** The NIK of a code, as text. */
function nikOf(code: number): string {
  const parts: string[] = [];
  for (let f = FIELDS.length - 1; f >= 0; f--) {
    const [digits, radix] = FIELDS[f];
    parts.push(String((code % radix) + OFFSETS[f]).padStart(digits, '0'));
    code = Math.floor(code / radix);
  }
  return parts.reverse().join('');
}
