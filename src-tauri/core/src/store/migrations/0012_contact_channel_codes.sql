-- Migration 12: a contact's channel is stored as its code, like a complaint's; versions before
-- this one stored the Dutch label, which differs from the code for two channels. The shared
-- store's schema 5 does the same.
UPDATE contacts SET channel = 'email' WHERE channel = 'e-mail';
UPDATE contacts SET channel = 'sociale_media' WHERE channel = 'sociale media';
