ALTER TABLE "import_issue" ADD COLUMN "code" text;--> statement-breakpoint
ALTER TABLE "import_issue" ADD COLUMN "params" jsonb;