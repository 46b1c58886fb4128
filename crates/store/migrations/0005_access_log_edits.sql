-- Scrutiny store, schema version 5: the access log also records edits made in
-- the dashboard (an improvement plan action's status, owner, due date or
-- evidence), with what changed. Entries of kind 'edit' name no children.
--
-- `action` is now view, csv, api or edit; `detail` says what an edit changed
-- (empty for views and downloads). The append-only triggers of migration 3
-- still refuse any update or delete.
ALTER TABLE access_log ADD COLUMN detail TEXT NOT NULL DEFAULT '';
