-- retention of what was said (conversation/): the window a turn's text falls under (message-text,
-- transcripts, notes-and-drafts) and when retention removed it; the purge finds the turns still whole
-- by these and their age, in open conversations too
alter table turn add column text_kind varchar(20);
alter table turn add column text_removed_at timestamp with time zone;
update turn set text_kind = case
    when channel = 'voice' then 'transcripts'
    when data like '%"internal":true%' then 'notes-and-drafts'
    else 'message-text' end;
create index turn_text_kept on turn (text_kind, text_removed_at, at);
