-- The batches the buffered writers (audit records of counter checks, counter cases) have written, by id:
-- a batch retried after a lost answer, or replayed from the journal, is not written twice.
-- Ids start with the time in milliseconds (15 digits), so old ones are pruned by a range on the key.
CREATE TABLE "written_batch" (
	"id" text PRIMARY KEY NOT NULL
);
