-- AI oversight (oversight/, inbox/): the AI's answers picked for a person to grade, and the grades; the
-- conversation's turns are read where they live (nothing of what was said is copied here)
create table ai_audit (
    id              varchar(64) primary key,
    conversation_id varchar(64) not null,
    turn_seq        bigint not null,
    intent          varchar(128) not null,
    week            varchar(10) not null,
    answered_at     timestamp with time zone not null,
    reason          varchar(32) not null,
    citations       text not null,
    grade           varchar(16),
    note            varchar(2000),
    graded_by       varchar(128),
    graded_at       timestamp with time zone,
    unique (conversation_id, turn_seq)
);
create index ai_audit_intent_week on ai_audit (intent, week);
create index ai_audit_answered on ai_audit (answered_at);
-- what agents did with the AI's drafts, per intent (promotion from draft to auto is suggested on it)
alter table inbox_draft_outcome add column intent varchar(128);
create index inbox_draft_outcome_intent on inbox_draft_outcome (intent, at);
-- an agent's answer about a handoff note: did it have what they needed, what was missing, did they
-- have to ask the customer again (one per note)
create table handoff_rating (
    conversation_id varchar(64) not null,
    note_seq        bigint not null,
    queue_name      varchar(128),
    intent          varchar(128),
    agent           varchar(128) not null,
    useful          boolean not null,
    missing         varchar(200) not null,
    asked_again     boolean not null,
    comment         varchar(500),
    at              timestamp with time zone not null,
    primary key (conversation_id, note_seq)
);
create index handoff_rating_at on handoff_rating (at);
