DROP INDEX "audit_event_action_idx";--> statement-breakpoint
CREATE INDEX "audit_event_subject_idx" ON "audit_event" USING btree ("district_code","subject");