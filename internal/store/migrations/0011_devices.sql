-- Browsers that signed in to an account before (a device cookie each, as
-- OWASP's guidance on lockout suggests): a correct password from one of
-- them is let through while strangers' guesses have the account locked.
-- Only the SHA-256 of the cookie is kept.
CREATE TABLE devices (
    hash       TEXT    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX devices_user ON devices (user_id);
