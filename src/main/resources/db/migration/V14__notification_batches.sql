-- many notifications at once (notification/): a batch and its items, sent by one member at each
-- channel's pace; an item done names the notification it became
create table notification_batch (
    id           varchar(64) primary key,
    requested_by varchar(128) not null,
    template     varchar(128) not null,
    purpose      varchar(32) not null,
    language     varchar(16),
    not_before   timestamp with time zone,
    expires_at   timestamp with time zone,
    items        integer not null,
    created_at   timestamp with time zone not null,
    finished_at  timestamp with time zone
);
create table notification_batch_item (
    batch_id        varchar(64) not null,
    line            integer not null,
    customer_id     varchar(64),
    address         varchar(400),
    idempotency_key varchar(200) not null,
    variables       text,
    state           varchar(16) not null,
    notification_id varchar(64),
    outcome         varchar(16),
    reason          varchar(1000),
    primary key (batch_id, line)
);
create index notification_batch_item_pending on notification_batch_item (state, batch_id, line);
