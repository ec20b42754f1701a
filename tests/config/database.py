"""The test database as the URL a subprocess's settings read (DATABASE_URL)."""


def database_url(database: dict) -> str:
    """A DATABASE_URL for one of settings.DATABASES (a socket directory goes in ?host=)."""
    user = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
    host, port, name = database["HOST"], database["PORT"], database["NAME"]
    if host.startswith("/"):
        return f"postgres://{user}@/{name}?host={host}"
    return f"postgres://{user}@{host}{f':{port}' if port else ''}/{name}"
