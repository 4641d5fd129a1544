-- duban schema, version 2 (SQLite): sign-in sessions for the web app.
-- Keep in step with ../postgres/0002_web.sql. The token itself never reaches the
-- database: token_hash is the SHA-256 of the cookie value, so a copy of the database
-- signs nobody in. csrf is the form token bound to the session.

CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf        TEXT NOT NULL,
    created_at  TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    expires_at  INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
