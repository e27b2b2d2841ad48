-- E-mail channel. Runs unchanged on H2 (default) and PostgreSQL (profile postgres).

-- threading: an inbound message whose In-Reply-To or References name an earlier message (ours or
-- the customer's) is found by that message's provider id
create index turn_provider_message on turn (provider_message_id);

-- every mail taken in, as received: agents can read the full original (quotes, signature, sanitised
-- HTML, attachments) that the turn shortens; the sink finds Reply-To and References here
create table mail_message (
    id               varchar(64) primary key,
    message_id       varchar(1000) not null,
    from_address     varchar(400) not null,
    reply_to         varchar(400),
    thread_refs      text,
    subject          varchar(1000),
    received_at      timestamp with time zone not null,
    size_bytes       bigint not null,
    attachments      text not null,
    full_text        text,
    sanitized_html   text,
    original         bytea not null
);
create index mail_message_message_id on mail_message (message_id);
create index mail_message_sender on mail_message (from_address, received_at);
