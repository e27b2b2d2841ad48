-- Agent inbox: users created at runtime, API tokens (hashed), the facts KPIs are computed from,
-- satisfaction answers and AI-draft outcomes. Queues, agents and waiting lists live in kv_entry.

create table app_user (
    username   varchar(128) primary key,
    password   varchar(200) not null,
    roles      varchar(200) not null,
    enabled    boolean not null,
    created_at timestamp with time zone not null,
    updated_at timestamp with time zone not null
);

create table api_token (
    id           varchar(64) primary key,
    name         varchar(128) not null,
    owner        varchar(128) not null,
    token_hash   varchar(64) not null,
    created_at   timestamp with time zone not null,
    created_by   varchar(128) not null,
    last_used_at timestamp with time zone,
    revoked_at   timestamp with time zone,
    revoked_by   varchar(128)
);
create unique index api_token_hash on api_token (token_hash);

create table inbox_conversation_fact (
    conversation_id     varchar(64) primary key,
    customer_id         varchar(64) not null,
    channel             varchar(32),
    queue_name          varchar(128),
    intent              varchar(128),
    created_at          timestamp with time zone not null,
    first_response_at   timestamp with time zone,
    resolved_at         timestamp with time zone,
    ai_replied          boolean not null,
    human_involved      boolean not null,
    reached_human_queue boolean not null,
    last_agent          varchar(128),
    sla_breached_at     timestamp with time zone,
    updated_at          timestamp with time zone not null
);
create index inbox_fact_created on inbox_conversation_fact (created_at);
create index inbox_fact_resolved on inbox_conversation_fact (resolved_at);
create index inbox_fact_breached on inbox_conversation_fact (sla_breached_at);
create index inbox_fact_customer on inbox_conversation_fact (customer_id, updated_at);

create table csat_answer (
    id              varchar(64) primary key,
    conversation_id varchar(64) not null,
    customer_id     varchar(64) not null,
    channel         varchar(32),
    queue_name      varchar(128),
    agent           varchar(128),
    score           integer not null,
    answered_at     timestamp with time zone not null
);
create index csat_answer_at on csat_answer (answered_at);
create index csat_answer_conversation on csat_answer (conversation_id);

create table inbox_draft_outcome (
    conversation_id varchar(64) not null,
    draft_seq       bigint not null,
    outcome         varchar(16) not null,
    agent           varchar(128) not null,
    at              timestamp with time zone not null,
    primary key (conversation_id, draft_seq)
);
create index inbox_draft_outcome_at on inbox_draft_outcome (at);
