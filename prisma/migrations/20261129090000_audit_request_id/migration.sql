-- Every HTTP request gets an id (X-Request-Id) stored on the audit entries it writes; auditors find them by it.
CREATE INDEX "audit_entries_request_id_seq_idx" ON "audit_entries"("request_id", "seq");
