"""Every non-trivial read of decisions, by audience: public (the register), staff, exports."""
