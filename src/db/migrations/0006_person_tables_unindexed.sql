DROP INDEX "member_key";--> statement-breakpoint
DROP INDEX "resident_key";--> statement-breakpoint
DROP INDEX "welfare_key";