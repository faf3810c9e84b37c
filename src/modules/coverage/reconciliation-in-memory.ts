/**
 * The reconciliation of snapshot-repository.ts (`reconciliationQuery`), computed in memory from two
 * NIK tallies in NIK order (registry/nik-tally.ts): the residents of the population batch, tagged with
 * desa and life status (the batch's digest, stored when it was imported), and the members a peserta
 * import has just loaded, tagged with segment, status and reason. One merge of the two sorted lists
 * gives the same groups as the database's join, without the join. Pure.
 */
import { halvesOf, nikCodeAt, tagAt } from '../registry/nik-tally.ts';
import type { RowTag } from '../registry/row-tag.ts';

/** One group of `reconciliationQuery`: residents of one desa and life status, by member state. */
export interface ReconciledGroup {
  kode_desa: string | null;
  resident_status: string | null;
  segmen: string | null;
  status: string | null;
  alasan_nonaktif: string | null;
  n: number;
}

/** NIK-ordered tally keys and the tag their low bits carry. */
export interface TaggedKeys {
  keys: BigUint64Array;
  tag: RowTag;
}

/** The counts of one (resident tag, member tag) pair are kept densely up to this many pairs. */
const MAX_PAIRS = 1 << 24;

/**
 * Keys in NIK order without any NIK that occurs more than once: such rows are either refused with
 * their import or deleted from the batch (`--skip-invalid`).
 */
export function withoutDuplicates(keys: BigUint64Array): BigUint64Array {
  const halves = halvesOf(keys);
  const kept = new BigUint64Array(keys.length);
  let count = 0;
  for (let i = 0; i < keys.length; ) {
    const code = nikCodeAt(halves, i);
    let next = i + 1;
    while (next < keys.length && nikCodeAt(halves, next) === code) next++;
    if (next === i + 1) kept[count++] = keys[i];
    i = next;
  }
  return count === keys.length ? keys : kept.slice(0, count);
}

/**
 * The groups of `reconciliationQuery` from the residents (unique NIKs, tagged kode_desa and status) and
 * the loaded members (tagged segmen, status, alasan_nonaktif), both in NIK order. A member NIK loaded
 * more than once counts as no member, as `withoutDuplicates` says.
 */
export function reconcileInMemory(residents: TaggedKeys, members: TaggedKeys): ReconciledGroup[] {
  const r = halvesOf(residents.keys);
  const m = halvesOf(members.keys);
  const memberTags = members.tag.size;
  const pairs = residents.tag.size * memberTags;
  if (pairs > MAX_PAIRS) throw new Error('too many tag pairs to count');
  const counts = new Int32Array(pairs);
  let j = 0;
  let previous = -1;
  for (let i = 0; i < residents.keys.length; i++) {
    const code = nikCodeAt(r, i);
    if (code === previous) throw new Error('a NIK occurs twice among the residents');
    previous = code;
    while (j < members.keys.length && nikCodeAt(m, j) < code) j++;
    let memberTag = 0;
    if (j < members.keys.length && nikCodeAt(m, j) === code) {
      let next = j + 1;
      while (next < members.keys.length && nikCodeAt(m, next) === code) next++;
      if (next === j + 1) memberTag = tagAt(m, j);
      j = next;
    }
    counts[tagAt(r, i) * memberTags + memberTag]++;
  }

  const column = (tag: RowTag, name: string) => {
    const k = tag.columns.findIndex((c) => c.name === name);
    if (k < 0) throw new Error(`the tag has no column ${name}`);
    return k;
  };
  const [desa, residentStatus] = [column(residents.tag, 'kode_desa'), column(residents.tag, 'status')];
  const [segmen, status, reason] = [column(members.tag, 'segmen'), column(members.tag, 'status'), column(members.tag, 'alasan_nonaktif')];
  const groups: ReconciledGroup[] = [];
  for (let pair = 0; pair < pairs; pair++) {
    if (counts[pair] === 0) continue;
    const resident = residents.tag.decode(Math.floor(pair / memberTags));
    const memberTag = pair % memberTags;
    const member = memberTag === 0 ? null : members.tag.decode(memberTag);
    groups.push({
      kode_desa: resident[desa],
      resident_status: resident[residentStatus],
      segmen: member ? member[segmen] : null,
      status: member ? member[status] : null,
      alasan_nonaktif: member ? member[reason] : null,
      n: counts[pair],
    });
  }
  return groups;
}
