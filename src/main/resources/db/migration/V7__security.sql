-- Hostile input: a password change ends the sessions signed in before it (on every instance).
alter table app_user add column password_changed_at timestamp with time zone;
