DROP TABLE "resident_digest";
