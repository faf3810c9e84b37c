/** The area module's public face: the district's kecamatan and desa (Kemendagri codes). */
export { ensureAreaTable } from './area-repository.ts';
export { type Area, type AreaLevel, areaLevel, type DistrictAreas, loadAllAreas, loadDistrictAreas, normaliseAreaCode, parentCode } from './reference.ts';
