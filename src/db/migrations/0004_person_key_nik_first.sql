DROP INDEX "member_key";--> statement-breakpoint
DROP INDEX "resident_key";--> statement-breakpoint
DROP INDEX "welfare_key";--> statement-breakpoint
CREATE UNIQUE INDEX "member_key" ON "member" USING btree ("nik","district_code","batch_id");--> statement-breakpoint
CREATE UNIQUE INDEX "resident_key" ON "resident" USING btree ("nik","district_code","batch_id");--> statement-breakpoint
CREATE UNIQUE INDEX "welfare_key" ON "welfare" USING btree ("nik","district_code","batch_id");