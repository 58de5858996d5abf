"""Create a clinic console staff account, or set its password (stores a salted scrypt hash).

Usage: python -m scripts.console_user NAME [--password-stdin]

Asks for the password twice (or reads one line from stdin with --password-stdin). The account
is stored in the tracker database (TRACKER_DB_URL, else var/conversations.db); the console at
/console/ is on once an account exists (restart `make run`). The password is never printed,
logged or stored in clear.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import List, Optional

from twitchcare.console_auth import PasswordError
from twitchcare.console_store import ConsoleStore
from twitchcare.settings import SETTINGS


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("name", help="user name (a-z 0-9 . _ - @)")
    parser.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    args = parser.parse_args(argv)
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Password (12 characters or more): ")
        if getpass.getpass("Again: ") != password:
            print("The passwords differ; nothing changed.", file=sys.stderr)
            return 1
    try:
        name = ConsoleStore(SETTINGS.database_url).set_user(args.name, password)
    except PasswordError as error:
        print(f"Not saved: {error}.", file=sys.stderr)
        return 1
    print(
        f"Staff account {name!r} saved. The clinic console is at /console/ on the Rasa server "
        "(restart `make run` if it was off)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
