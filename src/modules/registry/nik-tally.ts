/**
 * The NIKs of the rows an import loads, kept as numbers so that duplicates (formats.md: a NIK twice in
 * one file is a row error) are found by one sort after the load, without an index on the batch table.
 *
 * A valid NIK is 16 digits starting with a province code of 11 or more, so `NIK − 11·10^14` lies
 * below 2^53 and is held exactly by a float64: 8 bytes a row, sorted natively as a Float64Array. Memory
 * is bounded: past `limit` rows the tally stops and says so, and the caller looks duplicates up in the
 * database instead.
 */

const ZERO = 0x30;
const HALF = 100_000_000; // 10^8: a NIK is two halves of eight digits
const LOWEST_HIGH_HALF = 11_000_000; // the high half of the lowest valid NIK, province 11
const FIRST_CAPACITY = 1 << 16;

/** More rows than any district's register (Kabupaten Bogor, the largest, has about 5.6 M residents). */
const NIK_TALLY_LIMIT = 8_000_000;

export class NikTally {
  private keys = new Float64Array(FIRST_CAPACITY);
  private count = 0;
  /** More NIKs came than `limit`: the tally was dropped and cannot answer. */
  overflowed = false;

  constructor(private readonly limit = NIK_TALLY_LIMIT) {}

  /** A valid NIK as 16 ASCII digits at `bytes[start…]`. */
  addBytes(bytes: Uint8Array, start: number): void {
    let high = 0;
    let low = 0;
    for (let i = 0; i < 8; i++) high = high * 10 + bytes[start + i] - ZERO;
    for (let i = 8; i < 16; i++) low = low * 10 + bytes[start + i] - ZERO;
    this.push((high - LOWEST_HIGH_HALF) * HALF + low);
  }

  /** A valid NIK as text. */
  add(nik: string): void {
    this.push((Number(nik.slice(0, 8)) - LOWEST_HIGH_HALF) * HALF + Number(nik.slice(8)));
  }

  /** Each NIK added more than once, in NIK order. Sorts the tally: call once, after the last row. */
  duplicates(): string[] {
    if (this.overflowed) throw new Error('the NIK tally overflowed: look duplicates up in the database');
    const sorted = this.keys.subarray(0, this.count).sort();
    const found: string[] = [];
    let lastFound = -1;
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i] === sorted[i - 1] && sorted[i] !== lastFound) {
        lastFound = sorted[i];
        found.push(toNik(lastFound));
      }
    }
    return found;
  }

  private push(key: number): void {
    if (this.overflowed) return;
    if (this.count === this.limit) {
      this.overflowed = true;
      this.keys = new Float64Array(0);
      return;
    }
    if (this.count === this.keys.length) {
      const bigger = new Float64Array(Math.min(this.keys.length * 2, this.limit));
      bigger.set(this.keys);
      this.keys = bigger;
    }
    this.keys[this.count++] = key;
  }
}

function toNik(key: number): string {
  const high = Math.floor(key / HALF) + LOWEST_HIGH_HALF;
  return `${high}${String(key % HALF).padStart(8, '0')}`;
}
