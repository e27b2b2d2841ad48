-- the provider's approved template a notification goes as where free text may not start a
-- conversation (WhatsApp outside its window), with its variables filled in (notification/)
alter table notification add column provider_template varchar(200);
alter table notification add column provider_template_variables text;
