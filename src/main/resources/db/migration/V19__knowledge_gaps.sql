-- knowledge gaps (oversight/): questions the knowledge could not answer (a handoff for want of a
-- grounded answer, an answer graded incomplete or wrong), masked, grouped by similarity for the
-- people who write the knowledge; a group is answered once an article added since covers it
create table knowledge_gap_group (
    id          varchar(64) primary key,
    centroid    text not null,
    first_at    timestamp with time zone not null,
    last_at     timestamp with time zone not null,
    answered_by varchar(200),
    answered_at timestamp with time zone
);
create index knowledge_gap_group_open on knowledge_gap_group (answered_at, last_at);
create table knowledge_gap (
    id              varchar(64) primary key,
    group_id        varchar(64) not null,
    question        varchar(2000) not null,
    intent          varchar(128),
    source          varchar(32) not null,
    cited           varchar(1000) not null,
    conversation_id varchar(64),
    at              timestamp with time zone not null
);
create index knowledge_gap_group_at on knowledge_gap (group_id, at);
create index knowledge_gap_conversation on knowledge_gap (conversation_id);
create index knowledge_gap_at on knowledge_gap (at);
