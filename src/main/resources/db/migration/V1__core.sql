-- Switchboard core schema. Runs unchanged on H2 (default) and PostgreSQL (profile postgres).
-- Hazelcast maps are written through to these tables by JDBC MapStores; rows hold the
-- record as JSON plus the columns queries need.

create table customer (
    id          varchar(64) primary key,
    merged_into varchar(64),
    updated_at  timestamp with time zone not null,
    data        text not null
);

create table customer_address (
    address     varchar(400) primary key,
    customer_id varchar(64) not null,
    updated_at  timestamp with time zone not null
);
create index customer_address_customer on customer_address (customer_id);

create table conversation (
    id          varchar(64) primary key,
    customer_id varchar(64) not null,
    status      varchar(32) not null,
    queue_name  varchar(128),
    assignee    varchar(128),
    created_at  timestamp with time zone not null,
    updated_at  timestamp with time zone not null,
    resolved_at timestamp with time zone,
    data        text not null
);
create index conversation_status on conversation (status, updated_at);
create index conversation_customer on conversation (customer_id, updated_at);

create table turn (
    conversation_id     varchar(64) not null,
    seq                 bigint not null,
    at                  timestamp with time zone not null,
    channel             varchar(32),
    direction           varchar(16) not null,
    author              varchar(16) not null,
    customer_address    varchar(400),
    provider_message_id varchar(400),
    moved_to            varchar(64),
    data                text not null,
    primary key (conversation_id, seq)
);
create index turn_address on turn (customer_address, at);

-- small maps without a table of their own (idempotency keys, settings)
create table kv_entry (
    map_name    varchar(64) not null,
    entry_key   varchar(512) not null,
    updated_at  timestamp with time zone not null,
    entry_value text not null,
    primary key (map_name, entry_key)
);

create table identity_link (
    id                 varchar(64) primary key,
    kind               varchar(16) not null,
    target_customer_id varchar(64) not null,
    source_customer_id varchar(64),
    addresses          text not null,
    evidence           varchar(1000),
    actor              varchar(128) not null,
    created_at         timestamp with time zone not null,
    reversed_at        timestamp with time zone,
    reversed_by        varchar(128)
);
create index identity_link_target on identity_link (target_customer_id);

create table audit_event (
    id           varchar(64) primary key,
    at           timestamp with time zone not null,
    actor        varchar(128) not null,
    action       varchar(64) not null,
    subject_type varchar(32) not null,
    subject_id   varchar(128) not null,
    detail       text
);
create index audit_event_subject on audit_event (subject_type, subject_id, at);
create index audit_event_at on audit_event (at);
