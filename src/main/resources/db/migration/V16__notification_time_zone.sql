-- a batch item's time zone as the caller's records have it (notification/): quiet hours in it
alter table notification_batch_item add column time_zone varchar(64);
