/**
 * Names of synthetic residents. Every name is two Sasak-flavoured given names followed by the marker
 * "(Contoh)" ("example"), e.g. "Lalu Zainul Hamdi (Contoh)": anyone reading a demo list or a printed
 * notice sees at once that these are not real people, while the names still look at home in Lombok.
 */
import type { Sex } from '../../domain/nik.ts';
import type { Rng } from './generate-rng.ts';

export const DEMO_NAME_MARKER = '(Contoh)';

const MALE = [
  'Ahmad', 'Muhammad', 'Zainul', 'Sahnan', 'Hamdi', 'Rusdi', 'Suhardi', 'Juaini', 'Haerul', 'Sapardi',
  'Mahsun', 'Lukman', 'Hasbullah', 'Marzuki', 'Fathurrahman', 'Syamsul', 'Amrullah', 'Nasrullah', 'Kurniawan',
  'Ridwan', 'Satriawan', 'Wirajaya', 'Sukarman', 'Mustiadi', 'Hairul', 'Saprudin', 'Usman', 'Amir', 'Zulkifli',
  'Irwan', 'Badarudin', 'Jumadil', 'Rohman', 'Ilham', 'Fauzan', 'Rizki', 'Arya', 'Bayu', 'Gilang', 'Mahrup',
];

const FEMALE = [
  'Siti', 'Nurul', 'Hartini', 'Sumiati', 'Rahmawati', 'Saodah', 'Hidayah', 'Marhamah', 'Zuhriah', 'Mahnun',
  'Rukmini', 'Nurhayati', 'Sarinah', 'Fatimah', 'Aisyah', 'Maryam', 'Laela', 'Habibah', 'Muniroh', 'Saidah',
  'Suhaeni', 'Herniati', 'Sulastri', 'Rohani', 'Jumaenah', 'Nafisah', 'Zakiah', 'Wulandari', 'Putri', 'Anisa',
  'Dewi', 'Indah', 'Safitri', 'Mutmainah', 'Khairunnisa', 'Yuliana', 'Sri', 'Hikmah', 'Rabiah', 'Halimah',
];

/** `noble`: the Sasak titles Lalu (men) and Baiq (women), passed on in the father's line. */
export function drawName(rng: Rng, sex: Sex, noble: boolean): string {
  const names = sex === 'L' ? MALE : FEMALE;
  const first = rng.int(names.length);
  // A different second name: an offset of 1..n-1 never lands on the first.
  const second = (first + 1 + rng.int(names.length - 1)) % names.length;
  const title = noble ? (sex === 'L' ? 'Lalu ' : 'Baiq ') : '';
  return `${title}${names[first]} ${names[second]} ${DEMO_NAME_MARKER}`;
}
