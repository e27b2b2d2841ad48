-- The outbox: every outbound message until the provider accepted it or it was given up on.
-- The Hazelcast map "outbox" is written through to this table; finished rows stay as the record
-- that a message (key: turn id @ conversation id) was already sent.
create table outbox_message (
    message_key     varchar(200) primary key,
    conversation_id varchar(64) not null,
    turn_seq        bigint not null,
    channel         varchar(32) not null,
    state           varchar(16) not null,
    attempts        integer not null,
    next_attempt_at timestamp with time zone not null,
    created_at      timestamp with time zone not null,
    updated_at      timestamp with time zone not null,
    data            text not null
);
create index outbox_message_state on outbox_message (state, next_attempt_at);
create index outbox_message_conversation on outbox_message (conversation_id, turn_seq);
