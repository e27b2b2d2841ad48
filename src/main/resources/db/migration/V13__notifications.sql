-- proactive messages (notification/): one row per notification, found again by its id (which follows
-- from the caller and their idempotency key); the scheduled ones are released when due
create table notification (
    id              varchar(64) primary key,
    idempotency_key varchar(200) not null,
    requested_by    varchar(128) not null,
    customer_id     varchar(64) not null,
    template        varchar(128) not null,
    purpose         varchar(32) not null,
    channel         varchar(32),
    address         varchar(400),
    text            text,
    due_at          timestamp with time zone,
    expires_at      timestamp with time zone,
    state           varchar(16) not null,
    reason          varchar(1000),
    conversation_id varchar(64),
    created_at      timestamp with time zone not null,
    updated_at      timestamp with time zone not null
);
create index notification_due on notification (state, due_at);
create index notification_customer on notification (customer_id, created_at);
