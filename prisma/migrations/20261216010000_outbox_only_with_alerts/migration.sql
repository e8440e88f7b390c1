-- With no Alert defined no stored event can be routed, yet each one got an outbox row that the dispatcher then
-- deleted unread (a DELETE per 500 events, while ingestion went on). Events stored while no Alert exists now get
-- no outbox row. An Alert still takes the events stored after it exists, as Flux's notification-controller
-- forwards only the events that arrive while an Alert selects them; one statement sees the Alerts committed
-- when it started, so events written by a statement that started before an Alert's creation committed are not
-- routed to it.
CREATE OR REPLACE FUNCTION "notification_outbox_enqueue"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM "notification_alerts") THEN
    INSERT INTO "notification_outbox" ("event_id") SELECT "id" FROM new_rows ORDER BY "id";
  END IF;
  RETURN NULL;
END $$;
