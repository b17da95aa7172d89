-- Notifications, one row per recipient: "case returned to you", "N cases await quality assurance", "the ratings
-- panel has started". Read only by their recipient (the service says so in every query). Messages name cases by
-- their pseudonymous reference only. At most one unread "awaiting quality assurance" per person and inspection:
-- a new submission updates its count instead of adding another.
CREATE TABLE notifications (
  id             text PRIMARY KEY,
  recipient_id   text NOT NULL REFERENCES accounts(id),
  inspection_id  text REFERENCES inspections(id) ON DELETE CASCADE,
  kind           text NOT NULL CHECK (kind IN ('case-returned', 'qa-waiting', 'panel-started')),
  message        text NOT NULL,
  link           text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  read_at        timestamptz
);
CREATE INDEX notifications_recipient ON notifications(recipient_id, created_at DESC);
CREATE UNIQUE INDEX notifications_one_unread_qa ON notifications(recipient_id, inspection_id, kind) WHERE read_at IS NULL AND kind = 'qa-waiting';
