-- The search index keeps each turn's conversation queue (rewritten when the conversation moves to
-- another queue), read straight off the index: an agent who sees some queues skips the other queues'
-- turns without looking their conversations up.
alter table search_term add column queue_name varchar(128);
update search_term set queue_name = (select c.queue_name from conversation c where c.id = search_term.conversation_id);
drop index search_term_recent;
create index search_term_recent on search_term (term, at desc, conversation_id desc, seq desc, queue_name);
-- the conversations assigned to an agent, whatever their queue (their search and list)
create index conversation_assignee on conversation (assignee);
