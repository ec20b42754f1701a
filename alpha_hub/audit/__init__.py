"""The auditor's workspace: access log, audit trail across every model, bulk export."""
