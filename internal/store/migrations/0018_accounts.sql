-- Accounts that look after themselves: single-use links for a password
-- reset or an invitation (only the SHA-256 of the token is kept), and
-- two-factor sign-in with TOTP.
CREATE TABLE account_tokens (
    hash       TEXT    PRIMARY KEY,
    kind       TEXT    NOT NULL CHECK (kind IN ('reset', 'invite')),
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
) WITHOUT ROWID;
CREATE INDEX account_tokens_user ON account_tokens (user_id, kind);

-- totp_secret is set while enrolment waits for a first code and kept once
-- it is confirmed (totp_on); totp_step is the last time step accepted, so
-- a code is never taken twice.
ALTER TABLE users ADD COLUMN totp_secret TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN totp_on INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN totp_step INTEGER NOT NULL DEFAULT 0;

-- Recovery codes, each usable once; only their SHA-256 is kept.
CREATE TABLE recovery_codes (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    hash    TEXT    NOT NULL,
    used_at INTEGER,
    PRIMARY KEY (user_id, hash)
) WITHOUT ROWID;
