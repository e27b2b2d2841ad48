-- Fencing: a member whose copy of a conversation is behind the database (the other side of a
-- network split wrote meanwhile, or its backup missed the last writes of a member that died) is
-- refused instead of overwriting what the other side recorded. Rows written before this migration
-- carry nulls and are not fenced.
alter table conversation add column next_seq bigint;
alter table turn add column turn_id varchar(64);
-- an outbox message's lease, so that only its holder (or anyone once it ran out) writes the message
alter table outbox_message add column lease varchar(64);
alter table outbox_message add column lease_until timestamp with time zone;
