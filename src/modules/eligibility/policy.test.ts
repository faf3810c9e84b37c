import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_SLA_HOURS, districtPolicy } from './policy.ts';

test('the guarantee is on unless the district turns it off; SLA hours are configurable per route', () => {
  const defaults = districtPolicy({});
  assert.equal(defaults.guaranteeInactive, true);
  assert.equal(defaults.guaranteeUnregistered, true);
  assert.deepEqual(defaults.slaHours, DEFAULT_SLA_HOURS);
  const chosen = districtPolicy({
    SMART_JKN_GUARANTEE_INACTIVE: 'false',
    SMART_JKN_GUARANTEE_UNREGISTERED: 'tidak',
    SMART_JKN_SLA_HOURS_DINSOS_REAKTIVASI_PBI: '24',
    SMART_JKN_SLA_HOURS_PENDAFTARAN: '-5',
  });
  assert.equal(chosen.guaranteeInactive, false);
  assert.equal(chosen.guaranteeUnregistered, false);
  assert.equal(chosen.slaHours.DINSOS_REAKTIVASI_PBI, 24);
  assert.equal(chosen.slaHours.PENDAFTARAN, DEFAULT_SLA_HOURS.PENDAFTARAN, 'a nonsense value keeps the default');
});
