-- cluster_events had two indexes that lead with occurred_at: a plain one, made for retention's deletes by age, and
-- the activity timeline's (occurred_at DESC, id DESC). The timeline's serves retention too (a range on its first
-- column is read from either end), so every stored event wrote an entry no plan needed. Events are the largest
-- stream of report writes: one index fewer of six.
DROP INDEX "cluster_events_occurred_at_idx";
