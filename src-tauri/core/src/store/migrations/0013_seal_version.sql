-- Migration 13: a complaint's seal version, raised with every change of its personal values.
-- On the shared store (schema 9) those values are sealed under it, so an older value put
-- back no longer opens; the single desk keeps the same column so both stores share one
-- record and a move to the shared store copies it.
ALTER TABLE complaints ADD COLUMN seal_version INTEGER NOT NULL DEFAULT 1;
