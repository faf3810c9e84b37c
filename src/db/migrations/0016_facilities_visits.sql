-- Facilities (faskes import), visits (kunjungan import) and the non-specialist diagnoses (issue 15).
-- Written by hand. Keys start with district_code; codes and ids compare by code unit (COLLATE "C").
CREATE TABLE "facility" (
	"district_code" text NOT NULL,
	"kode" text COLLATE "C" NOT NULL,
	"nama" text NOT NULL,
	"jenis" text NOT NULL,
	"tingkat" text NOT NULL,
	"kode_wilayah" text NOT NULL,
	"batch_id" integer NOT NULL,
	PRIMARY KEY ("district_code", "kode")
);
--> statement-breakpoint
-- No primary key: (kode_faskes, id) is checked per file by the import, and a file replaces whole
-- facility-months. One index serves both the replacement and a month's scorecards (per facility, by date).
CREATE TABLE "visit" (
	"district_code" text NOT NULL,
	"kode_faskes" text COLLATE "C" NOT NULL,
	"tanggal" date NOT NULL,
	"id" text COLLATE "C" NOT NULL,
	"nik" text COLLATE "C" NOT NULL,
	"jenis_pasien" text NOT NULL,
	"jam_daftar" time,
	"jam_layan" time,
	"diagnosa" text,
	"rujuk" boolean NOT NULL,
	"tujuan_rujukan" text COLLATE "C",
	"prolanis" text,
	"terkendali" boolean,
	"batch_id" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "visit_facility_date_idx" ON "visit" USING btree ("district_code", "kode_faskes", "tanggal");
--> statement-breakpoint
-- The 144 non-specialist diagnoses (docs/rules.md §6.2); a district without rows uses the built-in list.
CREATE TABLE "non_specialist_diagnosis" (
	"district_code" text NOT NULL,
	"number" integer NOT NULL,
	"name" text NOT NULL,
	"codes" text NOT NULL,
	"name_source" text NOT NULL,
	"code_source" text NOT NULL,
	"note" text,
	PRIMARY KEY ("district_code", "number")
);
