-- consent (customer/): every change of a customer's consent per address and purpose, with its source
-- and the words used; the latest record of an address and purpose is its consent now
create table consent_record (
    id          varchar(64) primary key,
    customer_id varchar(64),
    address     varchar(400) not null,
    purpose     varchar(32) not null,
    granted     boolean not null,
    source      varchar(16) not null,
    words       varchar(500),
    actor       varchar(128) not null,
    at          timestamp with time zone not null
);
create index consent_record_address on consent_record (address, purpose, at);
create index consent_record_customer on consent_record (customer_id, at);
