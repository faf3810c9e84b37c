import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { districtTimeZone, IANA_ZONE, zoneOfArea } from './time-zone.ts';

describe('district time zone (Keppres 41/1987)', () => {
  it('takes the zone of the province', () => {
    assert.equal(districtTimeZone('52.03'), 'Asia/Makassar'); // Lombok Timur, NTB: WITA
    assert.equal(districtTimeZone('31.71'), 'Asia/Jakarta'); // Jakarta Pusat: WIB
    assert.equal(districtTimeZone('61.71'), 'Asia/Jakarta'); // Pontianak, Kalimantan Barat: WIB
    assert.equal(districtTimeZone('63.71'), 'Asia/Makassar'); // Banjarmasin, Kalimantan Selatan: WITA
    assert.equal(districtTimeZone('91.71'), 'Asia/Jayapura'); // Jayapura: WIT
    assert.equal(districtTimeZone('81.71'), 'Asia/Jayapura'); // Ambon, Maluku: WIT
  });

  it('names a zone for every province of the area reference', () => {
    const provinces = ['11', '12', '13', '14', '15', '16', '17', '18', '19', '21', '31', '32', '33', '34', '35', '36', '51', '52', '53', '61', '62', '63', '64', '65', '71', '72', '73', '74', '75', '76', '81', '82', '91', '92', '93', '94', '95', '96'];
    for (const code of provinces) assert.ok(zoneOfArea(code), code);
    assert.equal(zoneOfArea('99'), null);
  });

  it('keeps a valid override and refuses an unknown one', () => {
    assert.equal(districtTimeZone('52.03', 'Asia/Jakarta'), 'Asia/Jakarta');
    assert.throws(() => districtTimeZone('52.03', 'Asia/Lombok'), /Unknown time zone "Asia\/Lombok"/);
    assert.throws(() => districtTimeZone('99.01'), /No Indonesian time zone/);
  });

  it('maps each zone to the offset it keeps all year', () => {
    const offset = (zone: string, at: Date) =>
      new Intl.DateTimeFormat('en', { timeZone: zone, timeZoneName: 'shortOffset' }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value;
    for (const at of [new Date('2026-01-15T00:00:00Z'), new Date('2026-07-15T00:00:00Z')]) {
      assert.equal(offset(IANA_ZONE.WIB, at), 'GMT+7');
      assert.equal(offset(IANA_ZONE.WITA, at), 'GMT+8');
      assert.equal(offset(IANA_ZONE.WIT, at), 'GMT+9');
    }
  });
});
