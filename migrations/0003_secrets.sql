-- Secrets of an org, readable by Flux's secrets.get(). Values are encrypted by the server
-- (AES-256-GCM) before they reach this table; it never holds a plaintext value.
CREATE TABLE secrets (
  org_id text NOT NULL REFERENCES orgs (id) ON DELETE CASCADE,
  key text NOT NULL,
  -- "v1:" + base64(iv ‖ auth tag ‖ ciphertext); the version prefix leaves room for key rotation.
  sealed_value text NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (org_id, key)
);
