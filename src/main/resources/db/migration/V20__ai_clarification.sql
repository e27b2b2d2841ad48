-- clarifying questions of the AI (oversight/): one row per question asked, keyed by the id of the
-- customer message it asked about, with what the customer's answer led to. No text, no conversation.
create table ai_clarification (
    id         varchar(64) primary key,
    asked_at   timestamp with time zone not null,
    options    varchar(300) not null,
    outcome    varchar(16),
    article    varchar(200),
    decided_at timestamp with time zone
);
create index ai_clarification_asked on ai_clarification (asked_at);
