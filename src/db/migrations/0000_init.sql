CREATE TABLE "app_user" (
	"id" serial PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" text NOT NULL,
	"facility_code" text,
	"district_code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "app_user_username_unique" UNIQUE("username")
);
--> statement-breakpoint
CREATE TABLE "area" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"level" text NOT NULL,
	"parent_code" text
);
--> statement-breakpoint
CREATE TABLE "audit_event" (
	"id" bigserial NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"district_code" text NOT NULL,
	"user_id" integer,
	"username" text,
	"action" text NOT NULL,
	"subject" text,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"ip" text,
	CONSTRAINT "audit_event_district_code_id_pk" PRIMARY KEY("district_code","id")
);
--> statement-breakpoint
CREATE TABLE "coverage_cell" (
	"district_code" text NOT NULL,
	"snapshot_id" integer NOT NULL,
	"kode_desa" text NOT NULL,
	"segmen" text,
	"status" text,
	"alasan_nonaktif" text,
	"residents" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "coverage_snapshot" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_code" text NOT NULL,
	"penduduk_batch_id" integer NOT NULL,
	"peserta_batch_id" integer NOT NULL,
	"as_of" date NOT NULL,
	"findings" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "import_batch" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_code" text NOT NULL,
	"source" text NOT NULL,
	"file_name" text NOT NULL,
	"file_sha256" text,
	"data_per" date,
	"status" text NOT NULL,
	"skip_invalid" boolean DEFAULT false NOT NULL,
	"rows_total" integer DEFAULT 0 NOT NULL,
	"rows_valid" integer DEFAULT 0 NOT NULL,
	"rows_invalid" integer DEFAULT 0 NOT NULL,
	"username" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "import_issue" (
	"district_code" text NOT NULL,
	"batch_id" integer NOT NULL,
	"line" integer NOT NULL,
	"column" text NOT NULL,
	"reason" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job" (
	"id" text PRIMARY KEY NOT NULL,
	"district_code" text NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"progress" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"message" text,
	"result" jsonb,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
-- Partitioned by import batch (added by hand: drizzle-kit does not model partitioning).
CREATE TABLE "member" (
	"district_code" text NOT NULL,
	"batch_id" integer NOT NULL,
	"line" integer NOT NULL,
	"nik" text NOT NULL,
	"no_kartu" text NOT NULL,
	"segmen" text NOT NULL,
	"kelas" text NOT NULL,
	"status" text NOT NULL,
	"alasan_nonaktif" text,
	"bulan_tunggakan" integer,
	"kode_fktp" text,
	"data_per" date NOT NULL
) PARTITION BY LIST ("batch_id");
--> statement-breakpoint
-- Partitioned by import batch (added by hand: drizzle-kit does not model partitioning).
CREATE TABLE "resident" (
	"district_code" text NOT NULL,
	"batch_id" integer NOT NULL,
	"line" integer NOT NULL,
	"nik" text NOT NULL,
	"no_kk" text NOT NULL,
	"nama" text NOT NULL,
	"jenis_kelamin" text NOT NULL,
	"tanggal_lahir" date NOT NULL,
	"kode_desa" text NOT NULL,
	"status" text NOT NULL
) PARTITION BY LIST ("batch_id");
--> statement-breakpoint
CREATE TABLE "setting" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "source_state" (
	"district_code" text NOT NULL,
	"source" text NOT NULL,
	"batch_id" integer NOT NULL,
	"data_per" date,
	CONSTRAINT "source_state_district_code_source_pk" PRIMARY KEY("district_code","source")
);
--> statement-breakpoint
CREATE TABLE "user_session" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
-- Partitioned by import batch (added by hand: drizzle-kit does not model partitioning).
CREATE TABLE "welfare" (
	"district_code" text NOT NULL,
	"batch_id" integer NOT NULL,
	"line" integer NOT NULL,
	"nik" text NOT NULL,
	"desil" smallint NOT NULL,
	"miskin_ekstrem" boolean NOT NULL
) PARTITION BY LIST ("batch_id");
--> statement-breakpoint
CREATE INDEX "area_parent_idx" ON "area" USING btree ("parent_code");--> statement-breakpoint
CREATE INDEX "audit_event_at_idx" ON "audit_event" USING btree ("district_code","at");--> statement-breakpoint
CREATE INDEX "audit_event_action_idx" ON "audit_event" USING btree ("district_code","action");--> statement-breakpoint
CREATE INDEX "coverage_cell_snapshot_idx" ON "coverage_cell" USING btree ("district_code","snapshot_id");--> statement-breakpoint
CREATE UNIQUE INDEX "coverage_snapshot_as_of_key" ON "coverage_snapshot" USING btree ("district_code","as_of");--> statement-breakpoint
CREATE INDEX "import_batch_district_source_idx" ON "import_batch" USING btree ("district_code","source","id");--> statement-breakpoint
CREATE INDEX "import_issue_batch_idx" ON "import_issue" USING btree ("district_code","batch_id","line");--> statement-breakpoint
CREATE UNIQUE INDEX "member_key" ON "member" USING btree ("district_code","batch_id","nik");--> statement-breakpoint
CREATE UNIQUE INDEX "resident_key" ON "resident" USING btree ("district_code","batch_id","nik");--> statement-breakpoint
CREATE INDEX "user_session_user_idx" ON "user_session" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "welfare_key" ON "welfare" USING btree ("district_code","batch_id","nik");