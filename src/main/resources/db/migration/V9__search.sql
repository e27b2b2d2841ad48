-- The search index: every term of every turn (its text, an e-mail's subject, the sender's name and
-- address, phone numbers also as their digits), written in the transaction that writes the turn, so
-- every instance reads the same index from the database they share. Terms are lower case without
-- accents; card numbers, IBANs and identity numbers are masked before they are cut into terms.
create table search_term (
    term            varchar(64) not null,
    conversation_id varchar(64) not null,
    seq             bigint not null,
    at              timestamp with time zone not null,
    -- by turn: a turn's terms removed with it, and "does this turn have that word" looked up by key
    primary key (conversation_id, seq, term)
);
-- a term's turns newest first: a search reads its rarest term's turns backwards from here and stops
-- once it has a page
create index search_term_recent on search_term (term, at desc, conversation_id desc, seq desc);
