-- retention (privacy/): when a mail's original, HTML and full text were dropped; the purge finds the
-- mails still whole by this and their age
alter table mail_message add column original_removed_at timestamp with time zone;
create index mail_message_original_kept on mail_message (original_removed_at, received_at);
