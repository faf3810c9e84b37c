CREATE TABLE "case_event" (
	"district_code" text NOT NULL,
	"case_id" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"username" text,
	"from_status" text,
	"to_status" text NOT NULL,
	"note" text
);
--> statement-breakpoint
CREATE TABLE "membership_case" (
	"district_code" text NOT NULL,
	"id" text NOT NULL,
	"nik" text NOT NULL,
	"route" text NOT NULL,
	"owner_office" text NOT NULL,
	"status" text NOT NULL,
	"basis" text NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"opened_by" text,
	"facility_code" text,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "membership_case_district_code_id_pk" PRIMARY KEY("district_code","id")
);
--> statement-breakpoint
CREATE INDEX "case_event_case_idx" ON "case_event" USING btree ("district_code","case_id","at");--> statement-breakpoint
CREATE INDEX "membership_case_worklist_idx" ON "membership_case" USING btree ("district_code","owner_office","status","due_at");--> statement-breakpoint
CREATE INDEX "membership_case_nik_idx" ON "membership_case" USING btree ("district_code","nik");