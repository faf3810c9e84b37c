-- Issue 14: the prioritas import, the programmes saved in the application, saved plans.
-- Partitioned by import batch like resident, member and welfare (added by hand: drizzle-kit does not model partitioning).
CREATE TABLE "priority" (
	"district_code" text NOT NULL,
	"batch_id" integer NOT NULL,
	"line" integer NOT NULL,
	"nik" text COLLATE "C" NOT NULL,
	"kategori" text NOT NULL,
	"sampai" date
) PARTITION BY LIST ("batch_id");
--> statement-breakpoint
CREATE TABLE "funding_programmes" (
	"district_code" text PRIMARY KEY NOT NULL,
	"programmes" json NOT NULL,
	"version" integer NOT NULL DEFAULT 1,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
CREATE TABLE "funding_plan" (
	"id" serial PRIMARY KEY NOT NULL,
	"district_code" text NOT NULL,
	"name" text,
	"plan_date" date NOT NULL,
	"as_of" date,
	"programmes" json NOT NULL,
	"result" json NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "funding_plan_district_idx" ON "funding_plan" USING btree ("district_code", "id");
