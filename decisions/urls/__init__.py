"""Decision URLs by audience, beside the views they route to (decisions/views/)."""
