CREATE TABLE "resident_digest" (
	"district_code" text NOT NULL,
	"batch_id" integer NOT NULL,
	"part" integer NOT NULL,
	"tag_columns" jsonb,
	"keys" "bytea" NOT NULL,
	CONSTRAINT "resident_digest_district_code_batch_id_part_pk" PRIMARY KEY("district_code","batch_id","part")
);
--> statement-breakpoint
-- Sorted keys hardly compress, and trying costs time on every store.
ALTER TABLE "resident_digest" ALTER COLUMN "keys" SET STORAGE EXTERNAL;
