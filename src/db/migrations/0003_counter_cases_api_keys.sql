CREATE TABLE "api_key" (
	"district_code" text NOT NULL,
	"id" text NOT NULL,
	"key_hash" text NOT NULL,
	"facility_code" text NOT NULL,
	"label" text NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_key_district_code_id_pk" PRIMARY KEY("district_code","id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "api_key_hash_idx" ON "api_key" USING btree ("district_code","key_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "membership_case_open_idx" ON "membership_case" USING btree ("district_code","nik","route") WHERE "membership_case"."status" IN ('open', 'in_progress');