"""Create the bench's own PostgreSQL database if it is missing:
`python -m bench.createdb postgres://postgres@127.0.0.1:5432/bench`."""

import sys
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql


def main(url: str) -> None:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if parts.scheme not in {"postgres", "postgresql"} or not name:
        sys.exit(f"Not a PostgreSQL database URL: {url}")
    if name in {"postgres", "template0", "template1", "test"}:
        sys.exit(f"The bench empties its database; pick one of its own, not {name!r}.")
    # Connect to the server's maintenance database to create the bench's.
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"Created database {name}.")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "postgres://postgres@127.0.0.1:5432/bench")
