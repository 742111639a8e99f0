-- Per-key request counts (JMX ApiKeys MBean) read the audit log by key.
CREATE INDEX api_audit_key ON api_audit (key_id);
