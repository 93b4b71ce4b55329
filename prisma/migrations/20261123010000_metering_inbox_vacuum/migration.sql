-- MeteringInbox is a queue: every row is inserted once and deleted soon after, so it is small but
-- produces dead tuples at the ingest rate. The default trigger (20 % of the table's size) is
-- meant for tables that grow; on a queue it lets dead index entries pile up at the front of the
-- primary key, which every claim walks past. Vacuum it after a fixed number of deletions instead.
ALTER TABLE "MeteringInbox" SET (
  autovacuum_vacuum_scale_factor = 0,
  autovacuum_vacuum_threshold = 20000,
  autovacuum_vacuum_insert_scale_factor = 0,
  autovacuum_vacuum_insert_threshold = 20000
);
