"""Decision views by audience: public, opendata, documents, staff, drafting, moves, exports."""
