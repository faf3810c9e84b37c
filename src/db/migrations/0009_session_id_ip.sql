ALTER TABLE "user_session" ADD COLUMN "id" serial NOT NULL;--> statement-breakpoint
ALTER TABLE "user_session" ADD COLUMN "ip" text;--> statement-breakpoint
CREATE UNIQUE INDEX "user_session_id_key" ON "user_session" USING btree ("id");
