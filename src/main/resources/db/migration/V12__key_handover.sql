-- How each API key was given to its user (issue 13; `keys list` shows it): printed, file, encrypted,
-- pickup or imported. Keys created before this migration have none (listed as "-").
ALTER TABLE api_key ADD COLUMN handover VARCHAR(20);

-- The one-time pickup link of a key (`keys create --pickup`). Only the token's SHA-256 is stored; the key
-- itself is kept until the pickup as sealed_key: AES-256-GCM under a key derived from the token (which is
-- not stored), so the database alone cannot reveal it. sealed_key is set to NULL at the pickup, at expiry
-- and when the key is revoked; picked_up_at/picked_up_from record who took it.
CREATE TABLE api_key_pickup (
    key_id                        BIGINT       NOT NULL PRIMARY KEY REFERENCES api_key (id),
    token_hash                    VARCHAR(64)  NOT NULL UNIQUE,
    sealed_key                    VARCHAR(200),
    created_at                    TIMESTAMP    NOT NULL,
    expires_at                    TIMESTAMP    NOT NULL,
    picked_up_at                  TIMESTAMP,
    picked_up_from                VARCHAR(64)
);
