"""Reference implementations the integration tests compare tracuu with
(helper code, not tests)."""
