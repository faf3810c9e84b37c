import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DEFAULT_HOLIDAYS,
  HOLIDAY_SOURCES,
  addWorkingDays,
  endOfLocalDay,
  holidayListProblems,
  isWorkingDay,
  localDate,
  slaColour,
  workingDaysBetween,
  type Holiday,
} from './working-days.ts';

const WITA = 'Asia/Makassar';
const at = (iso: string) => new Date(iso);
const H = DEFAULT_HOLIDAYS;

describe('the default holiday list', () => {
  it('is sound, sorted, without repeats, and covers 2025–2027 with a source each', () => {
    assert.deepEqual(holidayListProblems(H), []);
    const dates = H.map((x) => x.date);
    assert.deepEqual(dates, [...dates].sort());
    assert.equal(new Set(dates).size, dates.length);
    for (const year of [2025, 2026, 2027]) {
      assert.ok(dates.some((d) => d.startsWith(`${year}-`)), `${year}`);
      assert.match(HOLIDAY_SOURCES[year], /verify|ESTIMATE/i);
    }
  });

  it('has the SKB 2026 days: 17 national holidays and 8 days of cuti bersama', () => {
    const y2026 = H.filter((x) => x.date.startsWith('2026-'));
    assert.equal(y2026.filter((x) => x.kind === 'LIBUR_NASIONAL').length, 17);
    assert.equal(y2026.filter((x) => x.kind === 'CUTI_BERSAMA').length, 8);
  });

  it('marks the 2027 dates that are estimates', () => {
    const idulFitri = H.find((x) => x.date.startsWith('2027-') && x.name.startsWith('Idul Fitri'));
    assert.equal(idulFitri?.estimated, true);
    assert.equal(H.find((x) => x.date === '2027-03-26')?.estimated, undefined); // Good Friday is computed, not estimated
  });

  it('names what is wrong with a bad list', () => {
    const bad = [{ date: '2026-02-30', name: '', kind: 'LIBUR' }] as unknown as Holiday[];
    assert.deepEqual(holidayListProblems(bad), [
      'holidays[0].date: "2026-02-30" is not a date YYYY-MM-DD',
      'holidays[0].name: empty',
      'holidays[0].kind: must be LIBUR_NASIONAL or CUTI_BERSAMA',
    ]);
  });
});

describe('isWorkingDay', () => {
  it('weekdays are, weekends, holidays and cuti bersama are not', () => {
    assert.equal(isWorkingDay('2026-12-04', H), true); // Friday
    assert.equal(isWorkingDay('2026-12-05', H), false); // Saturday
    assert.equal(isWorkingDay('2026-12-06', H), false); // Sunday
    assert.equal(isWorkingDay('2026-12-24', H), false); // cuti bersama
    assert.equal(isWorkingDay('2026-12-25', H), false); // Christmas
    assert.equal(isWorkingDay('2026-12-24', []), true); // another list
  });

  it('rejects a date that does not exist', () => {
    assert.throws(() => isWorkingDay('2026-13-01', H), /date/);
  });
});

describe('localDate and endOfLocalDay', () => {
  it('uses the district zone', () => {
    // 16:30Z on Friday is already Saturday 00:30 in WITA but still Friday 23:30 in WIB.
    assert.equal(localDate(at('2026-12-04T16:30:00Z'), WITA), '2026-12-05');
    assert.equal(localDate(at('2026-12-04T16:30:00Z'), 'Asia/Jakarta'), '2026-12-04');
    assert.equal(endOfLocalDay('2026-12-07', WITA).toISOString(), '2026-12-07T15:59:59.999Z');
    assert.equal(endOfLocalDay('2026-12-07', 'Asia/Jayapura').toISOString(), '2026-12-07T14:59:59.999Z');
  });

  it('is right on a daylight-saving day elsewhere', () => {
    assert.equal(endOfLocalDay('2026-03-29', 'Europe/Berlin').toISOString(), '2026-03-29T21:59:59.999Z');
    assert.equal(endOfLocalDay('2026-10-25', 'Europe/Berlin').toISOString(), '2026-10-25T22:59:59.999Z');
  });

  it('rejects an unknown zone', () => {
    assert.throws(() => localDate(at('2026-12-04T00:00:00Z'), 'Mars/Olympus'), RangeError);
  });
});

describe('addWorkingDays', () => {
  it('a complaint on Friday evening: the day of receipt does not count, the weekend is skipped', () => {
    const fridayEvening = at('2026-12-04T10:30:00Z'); // 18:30 WITA
    assert.equal(addWorkingDays(fridayEvening, 1, H, WITA).toISOString(), '2026-12-07T15:59:59.999Z'); // Monday
    assert.equal(addWorkingDays(fridayEvening, 3, H, WITA).toISOString(), '2026-12-09T15:59:59.999Z'); // Wednesday
    assert.equal(addWorkingDays(fridayEvening, 5, H, WITA).toISOString(), '2026-12-11T15:59:59.999Z'); // Friday
  });

  it('a complaint on Friday morning is due at the same time as one on Friday evening', () => {
    const fridayMorning = at('2026-12-04T00:30:00Z'); // 08:30 WITA
    assert.equal(addWorkingDays(fridayMorning, 1, H, WITA).toISOString(), '2026-12-07T15:59:59.999Z');
  });

  it('a complaint on a weekend counts from Monday', () => {
    assert.equal(addWorkingDays(at('2026-12-05T03:00:00Z'), 1, H, WITA).toISOString(), '2026-12-07T15:59:59.999Z');
    assert.equal(addWorkingDays(at('2026-12-06T12:00:00Z'), 2, H, WITA).toISOString(), '2026-12-08T15:59:59.999Z');
  });

  it('skips holidays and cuti bersama: Christmas 2026', () => {
    const wednesday = at('2026-12-23T11:00:00Z'); // 19:00 WITA, before 24 (cuti bersama) and 25 Dec
    assert.equal(addWorkingDays(wednesday, 1, H, WITA).toISOString(), '2026-12-28T15:59:59.999Z');
    const onCutiBersama = at('2026-12-24T02:00:00Z');
    assert.equal(addWorkingDays(onCutiBersama, 1, H, WITA).toISOString(), '2026-12-28T15:59:59.999Z');
    // Without the holidays Thursday 24 counts.
    assert.equal(addWorkingDays(wednesday, 1, [], WITA).toISOString(), '2026-12-24T15:59:59.999Z');
  });

  it('skips the long Nyepi and Lebaran break of March 2026', () => {
    // Received Tuesday 17 Mar; 18–24 Mar are cuti bersama, Nyepi, Idul Fitri and a weekend.
    assert.equal(addWorkingDays(at('2026-03-17T02:00:00Z'), 2, H, WITA).toISOString(), '2026-03-26T15:59:59.999Z');
  });

  it('a receipt just after midnight local time belongs to that local day', () => {
    // Friday 16:30Z is Saturday 00:30 WITA (→ Monday) but Friday 23:30 WIB (→ Monday too, by a different path).
    const instant = at('2026-12-04T16:30:00Z');
    assert.equal(addWorkingDays(instant, 1, H, WITA).toISOString(), '2026-12-07T15:59:59.999Z');
    assert.equal(addWorkingDays(instant, 1, H, 'Asia/Jakarta').toISOString(), '2026-12-07T16:59:59.999Z');
    // Thursday 16:30Z: Friday in WITA (→ Monday), still Thursday in WIB (→ Friday).
    const thursday = at('2026-12-03T16:30:00Z');
    assert.equal(addWorkingDays(thursday, 1, H, WITA).toISOString(), '2026-12-07T15:59:59.999Z');
    assert.equal(addWorkingDays(thursday, 1, H, 'Asia/Jakarta').toISOString(), '2026-12-04T16:59:59.999Z');
  });

  it('n = 0 is the end of the day of receipt; a bad n is refused', () => {
    assert.equal(addWorkingDays(at('2026-12-05T03:00:00Z'), 0, H, WITA).toISOString(), '2026-12-05T15:59:59.999Z');
    assert.throws(() => addWorkingDays(at('2026-12-05T03:00:00Z'), 1.5, H, WITA), /n:/);
    assert.throws(() => addWorkingDays(at('2026-12-05T03:00:00Z'), -1, H, WITA), /n:/);
    assert.throws(() => addWorkingDays(new Date('nope'), 1, H, WITA), /start/);
  });
});

describe('workingDaysBetween', () => {
  it('counts the working days after the first date up to the second', () => {
    assert.equal(workingDaysBetween(at('2026-12-04T10:30:00Z'), at('2026-12-07T01:00:00Z'), H, WITA), 1);
    assert.equal(workingDaysBetween(at('2026-12-04T10:30:00Z'), at('2026-12-05T01:00:00Z'), H, WITA), 0);
    assert.equal(workingDaysBetween(at('2026-12-21T01:00:00Z'), at('2026-12-31T01:00:00Z'), H, WITA), 6); // 22, 23, 28, 29, 30, 31 (24 and 25 off)
    assert.equal(workingDaysBetween(at('2026-12-07T01:00:00Z'), at('2026-12-04T10:30:00Z'), H, WITA), -1);
  });

  it('undoes addWorkingDays for every start in 2026 and n up to 10', () => {
    for (let day = 0; day < 365; day += 3) {
      const start = new Date(Date.UTC(2026, 0, 1 + day, 5 + (day % 19)));
      for (const n of [0, 1, 2, 3, 5, 10]) {
        const due = addWorkingDays(start, n, H, WITA);
        assert.equal(workingDaysBetween(start, due, H, WITA), n, `${start.toISOString()} + ${n}`);
        assert.equal(isWorkingDay(localDate(due, WITA), H) || n === 0, true);
      }
    }
  });
});

describe('slaColour', () => {
  const received = at('2026-12-04T10:30:00Z');
  const due = new Date(received.getTime() + 100 * 3_600_000); // 100 hours later

  it('HIJAU before 75 % of the time, KUNING from 75 % up to the due time, MERAH after', () => {
    const after = (hours: number, ms = 0) => new Date(received.getTime() + hours * 3_600_000 + ms);
    assert.equal(slaColour(received, due, received), 'HIJAU');
    assert.equal(slaColour(received, due, after(75, -1)), 'HIJAU');
    assert.equal(slaColour(received, due, after(75)), 'KUNING');
    assert.equal(slaColour(received, due, due), 'KUNING');
    assert.equal(slaColour(received, due, after(100, 1)), 'MERAH');
  });

  it('takes another threshold', () => {
    const half = new Date(received.getTime() + 50 * 3_600_000);
    assert.equal(slaColour(received, due, half), 'HIJAU');
    assert.equal(slaColour(received, due, half, 0.5), 'KUNING');
    assert.throws(() => slaColour(received, due, half, 0), /warnFraction/);
  });

  it('works with addWorkingDays: a 3-day SLA from Friday evening turns KUNING on Tuesday afternoon', () => {
    const dueAt = addWorkingDays(received, 3, H, WITA); // Wednesday 23:59:59.999 WITA
    assert.equal(slaColour(received, dueAt, at('2026-12-08T06:00:00Z')), 'HIJAU'); // Tuesday 14:00 WITA
    assert.equal(slaColour(received, dueAt, at('2026-12-08T14:00:00Z')), 'KUNING'); // Tuesday 22:00 WITA
    assert.equal(slaColour(received, dueAt, at('2026-12-09T16:00:00Z')), 'MERAH'); // Thursday 00:00 WITA
  });
});
