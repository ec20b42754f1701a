"""Claim, payment and report pages for staff."""
