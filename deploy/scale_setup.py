"""Helpers for scripts/scale.sh and tests/e2e/test_scale_out.py: the PostgreSQL database, the HAProxy config.

python -m deploy.scale_setup URL                  create URL's database when missing (PostgreSQL)
python -m deploy.scale_setup --render-haproxy OUT --bind 127.0.0.1 --port 8600 --servers "..."
"""

from __future__ import annotations

import argparse
from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

TEMPLATE = Path(__file__).with_name("haproxy.cfg")


def ensure_database(url: str) -> bool:
    """Create the database named in a PostgreSQL URL if it does not exist. True when created."""
    u = make_url(url)
    if not u.drivername.startswith("postgresql"):
        return False
    admin = u.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (u.database,)).fetchone():
            return False
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(u.database)))
    return True


def drop_database(url: str) -> None:
    u = make_url(url)
    admin = u.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(u.database)))


def server_lines(ports: list[int]) -> str:
    return "".join(f"    server app{i} 127.0.0.1:{p} check cookie app{i}\n" for i, p in enumerate(ports, 1))


def render_haproxy(*, bind: str, port: int, servers: str) -> str:
    text = TEMPLATE.read_text(encoding="utf-8")
    return text.replace("@@BIND@@", bind).replace("@@PORT@@", str(port)).replace("@@SERVERS@@", servers.rstrip())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("url", nargs="?")
    ap.add_argument("--render-haproxy", metavar="OUT")
    ap.add_argument("--bind", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8600)
    ap.add_argument("--servers", default="")
    args = ap.parse_args()
    if args.url:
        if ensure_database(args.url):
            print(f"Datenbank {make_url(args.url).database} angelegt.")
    if args.render_haproxy:
        Path(args.render_haproxy).write_text(
            render_haproxy(bind=args.bind, port=args.port, servers=args.servers) + "\n", encoding="utf-8"
        )


if __name__ == "__main__":
    main()
