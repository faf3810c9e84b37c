CREATE TABLE "complaint" (
	"district_code" text NOT NULL,
	"id" text NOT NULL,
	"tracking_code" text NOT NULL,
	"category" text NOT NULL,
	"severity" text NOT NULL,
	"channel" text NOT NULL,
	"external_id" text,
	"description" text NOT NULL,
	"facility_code" text,
	"status" text NOT NULL,
	"assigned_facility" text,
	"assigned_office" text,
	"received_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"escalated_at" timestamp with time zone,
	"escalated_to" text,
	"answered_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"resolution" text,
	"rating" integer,
	"follow_up_at" timestamp with time zone,
	"fixed" boolean,
	"fixed_answered_at" timestamp with time zone,
	"created_by" text,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "complaint_district_code_id_pk" PRIMARY KEY("district_code","id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "complaint_tracking_key" ON "complaint" USING btree ("district_code","tracking_code");--> statement-breakpoint
CREATE UNIQUE INDEX "complaint_external_key" ON "complaint" USING btree ("district_code","channel","external_id") WHERE "external_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "complaint_desk_idx" ON "complaint" USING btree ("district_code","status","due_at");--> statement-breakpoint
CREATE INDEX "complaint_facility_idx" ON "complaint" USING btree ("district_code","assigned_facility","due_at");--> statement-breakpoint
CREATE TABLE "complaint_identity" (
	"district_code" text NOT NULL,
	"complaint_id" text NOT NULL,
	"name" text,
	"phone" text,
	"email" text,
	"share_identity" boolean NOT NULL,
	CONSTRAINT "complaint_identity_district_code_complaint_id_pk" PRIMARY KEY("district_code","complaint_id")
);
--> statement-breakpoint
CREATE TABLE "complaint_message" (
	"district_code" text NOT NULL,
	"complaint_id" text NOT NULL,
	"seq" serial NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"sender" text NOT NULL,
	"username" text,
	"text" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "complaint_message_idx" ON "complaint_message" USING btree ("district_code","complaint_id","at","seq");--> statement-breakpoint
CREATE TABLE "complaint_event" (
	"district_code" text NOT NULL,
	"complaint_id" text NOT NULL,
	"seq" serial NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor" text NOT NULL,
	"username" text,
	"from_status" text,
	"to_status" text NOT NULL,
	"note" text
);
--> statement-breakpoint
CREATE INDEX "complaint_event_idx" ON "complaint_event" USING btree ("district_code","complaint_id","at","seq");--> statement-breakpoint
CREATE TABLE "complaint_notification" (
	"district_code" text NOT NULL,
	"id" serial NOT NULL,
	"complaint_id" text NOT NULL,
	"facility_code" text,
	"office" text,
	"at" timestamp with time zone NOT NULL,
	"text" text NOT NULL,
	CONSTRAINT "complaint_notification_district_code_id_pk" PRIMARY KEY("district_code","id")
);
--> statement-breakpoint
CREATE INDEX "complaint_notification_idx" ON "complaint_notification" USING btree ("district_code","facility_code","at");--> statement-breakpoint
CREATE TABLE "working_day_holiday" (
	"date" date NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"estimated" boolean NOT NULL,
	CONSTRAINT "working_day_holiday_pk" PRIMARY KEY("date")
);
--> statement-breakpoint
INSERT INTO "working_day_holiday" ("date", "name", "kind", "estimated") VALUES
('2025-01-01', 'Tahun Baru 2025 Masehi', 'LIBUR_NASIONAL', false),
('2025-01-27', 'Isra Mikraj Nabi Muhammad SAW', 'LIBUR_NASIONAL', false),
('2025-01-28', 'Cuti bersama Tahun Baru Imlek', 'CUTI_BERSAMA', false),
('2025-01-29', 'Tahun Baru Imlek 2576 Kongzili', 'LIBUR_NASIONAL', false),
('2025-03-28', 'Cuti bersama Hari Suci Nyepi', 'CUTI_BERSAMA', false),
('2025-03-29', 'Hari Suci Nyepi (Tahun Baru Saka 1947)', 'LIBUR_NASIONAL', false),
('2025-03-31', 'Idul Fitri 1446 H', 'LIBUR_NASIONAL', false),
('2025-04-01', 'Idul Fitri 1446 H', 'LIBUR_NASIONAL', false),
('2025-04-02', 'Cuti bersama Idul Fitri', 'CUTI_BERSAMA', false),
('2025-04-03', 'Cuti bersama Idul Fitri', 'CUTI_BERSAMA', false),
('2025-04-04', 'Cuti bersama Idul Fitri', 'CUTI_BERSAMA', false),
('2025-04-07', 'Cuti bersama Idul Fitri', 'CUTI_BERSAMA', false),
('2025-04-18', 'Wafat Yesus Kristus', 'LIBUR_NASIONAL', false),
('2025-04-20', 'Kebangkitan Yesus Kristus (Paskah)', 'LIBUR_NASIONAL', false),
('2025-05-01', 'Hari Buruh Internasional', 'LIBUR_NASIONAL', false),
('2025-05-12', 'Hari Raya Waisak 2569 BE', 'LIBUR_NASIONAL', false),
('2025-05-13', 'Cuti bersama Hari Raya Waisak', 'CUTI_BERSAMA', false),
('2025-05-29', 'Kenaikan Yesus Kristus', 'LIBUR_NASIONAL', false),
('2025-05-30', 'Cuti bersama Kenaikan Yesus Kristus', 'CUTI_BERSAMA', false),
('2025-06-01', 'Hari Lahir Pancasila', 'LIBUR_NASIONAL', false),
('2025-06-06', 'Idul Adha 1446 H', 'LIBUR_NASIONAL', false),
('2025-06-09', 'Cuti bersama Idul Adha', 'CUTI_BERSAMA', false),
('2025-06-27', 'Tahun Baru Islam 1447 H', 'LIBUR_NASIONAL', false),
('2025-08-17', 'Proklamasi Kemerdekaan', 'LIBUR_NASIONAL', false),
('2025-08-18', 'Cuti bersama Proklamasi Kemerdekaan', 'CUTI_BERSAMA', false),
('2025-09-05', 'Maulid Nabi Muhammad SAW', 'LIBUR_NASIONAL', false),
('2025-12-25', 'Kelahiran Yesus Kristus', 'LIBUR_NASIONAL', false),
('2025-12-26', 'Cuti bersama Kelahiran Yesus Kristus', 'CUTI_BERSAMA', false),
('2026-01-01', 'Tahun Baru 2026 Masehi', 'LIBUR_NASIONAL', false),
('2026-01-16', 'Isra Mikraj Nabi Muhammad SAW', 'LIBUR_NASIONAL', false),
('2026-02-16', 'Cuti bersama Tahun Baru Imlek', 'CUTI_BERSAMA', false),
('2026-02-17', 'Tahun Baru Imlek 2577 Kongzili', 'LIBUR_NASIONAL', false),
('2026-03-18', 'Cuti bersama Hari Suci Nyepi', 'CUTI_BERSAMA', false),
('2026-03-19', 'Hari Suci Nyepi (Tahun Baru Saka 1948)', 'LIBUR_NASIONAL', false),
('2026-03-20', 'Cuti bersama Idul Fitri', 'CUTI_BERSAMA', false),
('2026-03-21', 'Idul Fitri 1447 H', 'LIBUR_NASIONAL', false),
('2026-03-22', 'Idul Fitri 1447 H', 'LIBUR_NASIONAL', false),
('2026-03-23', 'Cuti bersama Idul Fitri', 'CUTI_BERSAMA', false),
('2026-03-24', 'Cuti bersama Idul Fitri', 'CUTI_BERSAMA', false),
('2026-04-03', 'Wafat Yesus Kristus', 'LIBUR_NASIONAL', false),
('2026-04-05', 'Kebangkitan Yesus Kristus (Paskah)', 'LIBUR_NASIONAL', false),
('2026-05-01', 'Hari Buruh Internasional', 'LIBUR_NASIONAL', false),
('2026-05-14', 'Kenaikan Yesus Kristus', 'LIBUR_NASIONAL', false),
('2026-05-15', 'Cuti bersama Kenaikan Yesus Kristus', 'CUTI_BERSAMA', false),
('2026-05-27', 'Idul Adha 1447 H', 'LIBUR_NASIONAL', false),
('2026-05-28', 'Cuti bersama Idul Adha', 'CUTI_BERSAMA', false),
('2026-05-31', 'Hari Raya Waisak 2570 BE', 'LIBUR_NASIONAL', false),
('2026-06-01', 'Hari Lahir Pancasila', 'LIBUR_NASIONAL', false),
('2026-06-16', 'Tahun Baru Islam 1448 H', 'LIBUR_NASIONAL', false),
('2026-08-17', 'Proklamasi Kemerdekaan', 'LIBUR_NASIONAL', false),
('2026-08-25', 'Maulid Nabi Muhammad SAW', 'LIBUR_NASIONAL', false),
('2026-12-24', 'Cuti bersama Kelahiran Yesus Kristus', 'CUTI_BERSAMA', false),
('2026-12-25', 'Kelahiran Yesus Kristus', 'LIBUR_NASIONAL', false),
('2027-01-01', 'Tahun Baru 2027 Masehi', 'LIBUR_NASIONAL', false),
('2027-01-05', 'Isra Mikraj Nabi Muhammad SAW', 'LIBUR_NASIONAL', true),
('2027-02-06', 'Tahun Baru Imlek 2578 Kongzili', 'LIBUR_NASIONAL', true),
('2027-03-08', 'Hari Suci Nyepi (Tahun Baru Saka 1949)', 'LIBUR_NASIONAL', true),
('2027-03-10', 'Idul Fitri 1448 H', 'LIBUR_NASIONAL', true),
('2027-03-11', 'Idul Fitri 1448 H', 'LIBUR_NASIONAL', true),
('2027-03-26', 'Wafat Yesus Kristus', 'LIBUR_NASIONAL', false),
('2027-03-28', 'Kebangkitan Yesus Kristus (Paskah)', 'LIBUR_NASIONAL', false),
('2027-05-01', 'Hari Buruh Internasional', 'LIBUR_NASIONAL', false),
('2027-05-06', 'Kenaikan Yesus Kristus', 'LIBUR_NASIONAL', false),
('2027-05-16', 'Idul Adha 1448 H', 'LIBUR_NASIONAL', true),
('2027-05-20', 'Hari Raya Waisak 2571 BE', 'LIBUR_NASIONAL', true),
('2027-06-01', 'Hari Lahir Pancasila', 'LIBUR_NASIONAL', false),
('2027-06-05', 'Tahun Baru Islam 1449 H', 'LIBUR_NASIONAL', true),
('2027-08-14', 'Maulid Nabi Muhammad SAW', 'LIBUR_NASIONAL', true),
('2027-08-17', 'Proklamasi Kemerdekaan', 'LIBUR_NASIONAL', false),
('2027-12-25', 'Kelahiran Yesus Kristus', 'LIBUR_NASIONAL', false);
