"""The project wiring: settings, root URLs, WSGI and the views no app owns (home, health)."""
