-- Schema 5: a contact's channel is stored as its code, like a complaint's; schema 4 stored the
-- Dutch label, which differs from the code for two channels. The single desk's migration 12.
UPDATE contacts SET channel = 'email' WHERE channel = 'e-mail';
UPDATE contacts SET channel = 'sociale_media' WHERE channel = 'sociale media';
