/**
 * The 144 non-specialist diagnoses that must be completed at the FKTP (docs/rules.md §6.2: "Daftar nama
 * penyakit yang dapat ditangani di layanan primer", Peraturan KKI 2012, SKDI level 4A), used for the
 * RRNS indicator (formats.md "Facility scorecards"). Reference data an admin can replace.
 *
 * Sources as docs/rules.md marks them: items 1–42 have sourced names and codes (S/S); 43–73 sourced names
 * and inferred codes (S/I); 74–144 inferred names and codes (I/I) — verify, ideally against PCare's
 * diagnosis reference.
 *
 * Codes are kept exactly as docs/rules.md lists them, including the ones it marks "sic" (7 H81.3,
 * 14 H10.5, 29 J30.4, 40 J13): the note of each says what the correct code would be, and an admin who
 * wants it adds it to the list. An item with two codes (A03.9/A06.0) lists both; the range
 * "H10.0–9" lists each of H10.0 … H10.9.
 *
 * Matching (formats.md): a listed three-character code such as `J00` matches `J00` and any `J00.x`;
 * a listed code with a subdivision matches only itself. Case-insensitive, surrounding spaces ignored.
 */

export type Provenance = 'S' | 'I';

export interface NonSpecialistDiagnosis {
  /** 1–144, the list's own numbering. */
  number: number;
  name: string;
  /** ICD-10 codes, upper case, e.g. `J00` or `J06.9`. */
  codes: readonly string[];
  /** `S` = read in the cited source, `I` = inferred (docs/rules.md §6.2). */
  nameSource: Provenance;
  codeSource: Provenance;
  note?: string;
}

type Row = [number, string, string[], string?];

const SOURCED: Row[] = [
  [1, 'Kejang demam', ['R56.0']],
  [2, 'Tetanus', ['A35']],
  [3, 'HIV/AIDS tanpa komplikasi', ['B24']],
  [4, 'Tension headache', ['G44.2']],
  [5, 'Migren', ['G43']],
  [6, "Bell's palsy", ['G51.0']],
  [7, 'Vertigo (BPPV)', ['H81.3'], 'sic: BPPV is H81.1'],
  [8, 'Gangguan somatoform', ['F45.9']],
  [9, 'Insomnia', ['G47.0']],
  [10, 'Benda asing di konjungtiva', ['T15']],
  [11, 'Konjungtivitis', ['H10.0', 'H10.1', 'H10.2', 'H10.3', 'H10.4', 'H10.5', 'H10.6', 'H10.7', 'H10.8', 'H10.9'], 'listed as the range H10.0–9'],
  [12, 'Perdarahan subkonjungtiva', ['H11.3']],
  [13, 'Mata kering', ['H04.1']],
  [14, 'Blefaritis', ['H10.5'], 'sic: blepharitis is H01.0'],
  [15, 'Hordeolum', ['H00.0']],
  [16, 'Trikiasis', ['H02.0']],
  [17, 'Episkleritis', ['H15.1']],
  [18, 'Hipermetropia ringan', ['H52.0']],
  [19, 'Miopia ringan', ['H52.1']],
  [20, 'Astigmatisma ringan', ['H52.2']],
  [21, 'Presbiopia', ['H52.4']],
  [22, 'Buta senja', ['H53.6']],
  [23, 'Otitis eksterna', ['H60.9']],
  [24, 'Otitis media akut', ['H66.0']],
  [25, 'Serumen prop', ['H61.2']],
  [26, 'Mabuk perjalanan', ['T75.3']],
  [27, 'Furunkel pada hidung', ['J34.0']],
  [28, 'Rinitis akut', ['J00']],
  [29, 'Rinitis vasomotor', ['J30.4'], 'sic: vasomotor rhinitis is J30.0'],
  [30, 'Rinitis alergika', ['J30.4']],
  [31, 'Benda asing di hidung', ['T17.1']],
  [32, 'Epistaksis', ['R04.0']],
  [33, 'Influenza', ['J10']],
  [34, 'Pertusis', ['A37.0']],
  [35, 'Faringitis', ['J02.9']],
  [36, 'Tonsilitis', ['J03.9']],
  [37, 'Laringitis', ['J04.9']],
  [38, 'Asma bronkial', ['J45.0']],
  [39, 'Bronkitis akut', ['J20.9']],
  [40, 'Pneumonia, bronkopneumonia', ['J13'], 'as in the source; J18 is the more general code'],
  [41, 'Tuberkulosis paru tanpa komplikasi', ['A15.0']],
  [42, 'Hipertensi esensial', ['I10']],
];

const SOURCED_NAMES: Row[] = [
  [43, 'Kandidiasis mulut', ['B37.0']],
  [44, 'Ulkus mulut (aftosa, herpes)', ['K12.0']],
  [45, 'Parotitis', ['B26.9']],
  [46, 'Infeksi pada umbilikus', ['P38']],
  [47, 'Gastritis', ['K29.7']],
  [48, 'Gastroenteritis (termasuk kolera, giardiasis)', ['A09']],
  [49, 'Refluks gastroesofagus', ['K21.9']],
  [50, 'Demam tifoid', ['A01.0']],
  [51, 'Intoleransi makanan', ['K90.4']],
  [52, 'Alergi makanan', ['T78.1']],
  [53, 'Keracunan makanan', ['A05.9']],
  [54, 'Penyakit cacing tambang', ['B76.9']],
  [55, 'Strongiloidiasis', ['B78.9']],
  [56, 'Askariasis', ['B77.9']],
  [57, 'Skistosomiasis', ['B65.9']],
  [58, 'Taeniasis', ['B68.9']],
  [59, 'Hepatitis A', ['B15.9']],
  [60, 'Disentri basiler, disentri amuba', ['A03.9', 'A06.0']],
  [61, 'Hemoroid grade 1/2', ['K64'], 'I84 in older ICD-10 editions'],
  [62, 'Infeksi saluran kemih', ['N39.0']],
  [63, 'Gonore', ['A54.9']],
  [64, 'Pielonefritis tanpa komplikasi', ['N10']],
  [65, 'Fimosis', ['N47']],
  [66, 'Parafimosis', ['N47']],
  [67, 'Sindroma duh (discharge) genital (gonore dan non-gonore)', ['A64']],
  [68, 'Infeksi saluran kemih bagian bawah', ['N30.0']],
  [69, 'Vulvitis', ['N76.2']],
  [70, 'Vaginitis', ['N76.0']],
  [71, 'Vaginosis bakterialis', ['N76.0']],
  [72, 'Salpingitis', ['N70.9']],
  [73, 'Kehamilan normal', ['Z34.9']],
];

const INFERRED: Row[] = [
  [74, 'Abortus spontan inkomplit', ['O03.4']],
  [75, 'Anemia defisiensi besi pada kehamilan', ['O99.0']],
  [76, 'Ruptur perineum tingkat 1/2', ['O70.0', 'O70.1']],
  [77, 'Abses folikel rambut atau kelenjar sebasea', ['L02.9']],
  [78, 'Mastitis', ['O91.2']],
  [79, 'Cracked nipple', ['O92.1']],
  [80, 'Inverted nipple', ['O92.0']],
  [81, 'Diabetes melitus tipe 1', ['E10']],
  [82, 'Diabetes melitus tipe 2', ['E11']],
  [83, 'Hipoglikemia ringan', ['E16.2']],
  [84, 'Malnutrisi energi-protein', ['E46']],
  [85, 'Defisiensi vitamin', ['E56.9']],
  [86, 'Defisiensi mineral', ['E61.9']],
  [87, 'Dislipidemia', ['E78.5']],
  [88, 'Hiperurisemia', ['E79.0']],
  [89, 'Obesitas', ['E66.9']],
  [90, 'Anemia defisiensi besi', ['D50.9']],
  [91, 'Limfadenitis', ['L04.9']],
  [92, 'Demam dengue, DHF', ['A90', 'A91']],
  [93, 'Malaria', ['B54']],
  [94, 'Leptospirosis tanpa komplikasi', ['A27.9']],
  [95, 'Reaksi anafilaktik', ['T78.2']],
  [96, 'Ulkus pada tungkai', ['L97']],
  [97, 'Lipoma', ['D17.9']],
  [98, 'Veruka vulgaris', ['B07']],
  [99, 'Moluskum kontagiosum', ['B08.1']],
  [100, 'Herpes zoster tanpa komplikasi', ['B02.9']],
  [101, 'Morbili tanpa komplikasi', ['B05.9']],
  [102, 'Varisela tanpa komplikasi', ['B01.9']],
  [103, 'Herpes simpleks tanpa komplikasi', ['B00.9']],
  [104, 'Impetigo', ['L01.0']],
  [105, 'Impetigo ulseratif (ektima)', ['L08.0']],
  [106, 'Folikulitis superfisialis', ['L73.9']],
  [107, 'Furunkel, karbunkel', ['L02.9']],
  [108, 'Eritrasma', ['L08.1']],
  [109, 'Erisipelas', ['A46']],
  [110, 'Skrofuloderma', ['A18.4']],
  [111, 'Lepra', ['A30.9']],
  [112, 'Sifilis stadium 1 dan 2', ['A51.9']],
  [113, 'Tinea kapitis', ['B35.0']],
  [114, 'Tinea barbae', ['B35.0']],
  [115, 'Tinea fasialis', ['B35.8']],
  [116, 'Tinea korporis', ['B35.4']],
  [117, 'Tinea manus', ['B35.2']],
  [118, 'Tinea unguium', ['B35.1']],
  [119, 'Tinea kruris', ['B35.6']],
  [120, 'Tinea pedis', ['B35.3']],
  [121, 'Pitiriasis versikolor', ['B36.0']],
  [122, 'Kandidosis mukokutan ringan', ['B37.2']],
  [123, 'Cutaneous larva migrans', ['B76.9']],
  [124, 'Filariasis', ['B74.9']],
  [125, 'Pedikulosis kapitis', ['B85.0']],
  [126, 'Pedikulosis pubis', ['B85.3']],
  [127, 'Skabies', ['B86']],
  [128, 'Reaksi gigitan serangga', ['T63.4']],
  [129, 'Dermatitis kontak iritan', ['L24.9']],
  [130, 'Dermatitis atopik (kecuali recalcitrant)', ['L20.9']],
  [131, 'Dermatitis numularis', ['L30.0']],
  [132, 'Napkin eczema', ['L22']],
  [133, 'Dermatitis seboroik', ['L21.9']],
  [134, 'Pitiriasis rosea', ['L42']],
  [135, 'Akne vulgaris ringan', ['L70.0']],
  [136, 'Hidradenitis supuratif', ['L73.2']],
  [137, 'Dermatitis perioral', ['L71.0']],
  [138, 'Miliaria', ['L74.3']],
  [139, 'Urtikaria akut', ['L50.9']],
  [140, 'Exanthematous drug eruption, fixed drug eruption', ['L27.0', 'L27.1']],
  [141, 'Vulnus laceratum, punctum', ['T14.1']],
  [142, 'Luka bakar derajat 1 dan 2', ['T30.1', 'T30.2']],
  [143, 'Kekerasan tumpul', ['T14.0']],
  [144, 'Kekerasan tajam', ['T14.1']],
];

function entries(rows: Row[], nameSource: Provenance, codeSource: Provenance): NonSpecialistDiagnosis[] {
  return rows.map(([number, name, codes, note]) => ({ number, name, codes, nameSource, codeSource, ...(note ? { note } : {}) }));
}

export const NON_SPECIALIST_DIAGNOSES: readonly NonSpecialistDiagnosis[] = [
  ...entries(SOURCED, 'S', 'S'),
  ...entries(SOURCED_NAMES, 'S', 'I'),
  ...entries(INFERRED, 'I', 'I'),
];

/** An ICD-10 code as the list holds it: a letter, two digits, and optionally `.` and a subdivision. */
const ICD10 = /^[A-Z][0-9]{2}(\.[0-9A-Z]{1,4})?$/;

export function normaliseIcd10(code: string): string {
  return code.trim().toUpperCase();
}

/** A list compiled for matching; build it once with `compileNonSpecialist` and reuse it. */
export interface NonSpecialistMatcher {
  /** Listed three-character codes: match themselves and any subdivision. */
  categories: ReadonlySet<string>;
  /** Listed codes with a subdivision: match only themselves. */
  exact: ReadonlySet<string>;
}

export function compileNonSpecialist(list: readonly NonSpecialistDiagnosis[] = NON_SPECIALIST_DIAGNOSES): NonSpecialistMatcher {
  const categories = new Set<string>();
  const exact = new Set<string>();
  for (const item of list) {
    for (const raw of item.codes) {
      const code = normaliseIcd10(raw);
      (code.length === 3 ? categories : exact).add(code);
    }
  }
  return { categories, exact };
}

const DEFAULT_MATCHER = compileNonSpecialist();

/**
 * Whether a visit's `diagnosa` is one of the non-specialist diagnoses. `list` is a compiled matcher or
 * a raw list (compiled on each call; compile once when checking many visits). Null or blank → false.
 */
export function isNonSpecialist(
  icd10: string | null | undefined,
  list: NonSpecialistMatcher | readonly NonSpecialistDiagnosis[] = DEFAULT_MATCHER,
): boolean {
  if (icd10 == null) return false;
  const code = normaliseIcd10(icd10);
  if (code === '') return false;
  const m = Array.isArray(list) ? compileNonSpecialist(list) : (list as NonSpecialistMatcher);
  if (m.exact.has(code)) return true;
  const category = code.slice(0, 3);
  return m.categories.has(category) && (code.length === 3 || code[3] === '.');
}

/**
 * Checks a list an admin supplies: numbers unique, at least one code per item, every code an
 * ICD-10 code. Returns the problems, each naming the item; empty when it is sound.
 */
export function diagnosisListProblems(list: readonly NonSpecialistDiagnosis[]): string[] {
  const problems: string[] = [];
  const seen = new Set<number>();
  for (const [i, item] of list.entries()) {
    const where = `item ${i + 1} (number ${item.number})`;
    if (!Number.isInteger(item.number) || item.number < 1) problems.push(`${where}: number must be a positive integer`);
    else if (seen.has(item.number)) problems.push(`${where}: number is repeated`);
    seen.add(item.number);
    if (!item.name?.trim()) problems.push(`${where}: name is empty`);
    if (item.codes.length === 0) problems.push(`${where}: no ICD-10 code`);
    for (const code of item.codes) {
      if (!ICD10.test(normaliseIcd10(code))) problems.push(`${where}: "${code}" is not an ICD-10 code such as J00 or J06.9`);
    }
  }
  return problems;
}
