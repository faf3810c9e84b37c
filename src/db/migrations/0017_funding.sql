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
--> statement-breakpoint
-- One case per person a saved plan assigns (maker-checker workflow, src/domain/funding/plan-case-workflow.ts).
CREATE TABLE "funding_case" (
	"district_code" text NOT NULL,
	"id" bigserial NOT NULL,
	"plan_id" integer NOT NULL,
	"nik" text COLLATE "C" NOT NULL,
	"program" text NOT NULL,
	"route" text NOT NULL,
	"status" text NOT NULL,
	"proposed_by" text NOT NULL,
	"approved_by" text,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "funding_case_pk" PRIMARY KEY ("district_code", "id")
);
--> statement-breakpoint
CREATE INDEX "funding_case_plan_idx" ON "funding_case" USING btree ("district_code", "plan_id", "status");
--> statement-breakpoint
CREATE INDEX "funding_case_nik_idx" ON "funding_case" USING btree ("district_code", "nik");
--> statement-breakpoint
CREATE TABLE "funding_case_event" (
	"district_code" text NOT NULL,
	"case_id" bigint NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"username" text,
	"from_status" text,
	"to_status" text NOT NULL,
	"note" text
);
--> statement-breakpoint
CREATE INDEX "funding_case_event_idx" ON "funding_case_event" USING btree ("district_code", "case_id", "at");
--> statement-breakpoint
-- Payments by funders (the `pembayaran` import, or by hand), matched to the obligations of saved plans.
CREATE TABLE "funding_payment" (
	"district_code" text NOT NULL,
	"id" serial NOT NULL,
	"funder" text NOT NULL,
	"period" text NOT NULL,
	"amount" bigint NOT NULL,
	"reference" text NOT NULL,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "funding_payment_pk" PRIMARY KEY ("district_code", "id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "funding_payment_reference_idx" ON "funding_payment" USING btree ("district_code", "funder", "reference");
