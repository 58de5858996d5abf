"""Run the assistant scaled out on 127.0.0.1 (N Rasa replicas behind nginx, PostgreSQL, Redis).

    .venv/bin/python scripts/scale_up.py [--replicas 2] [--db-url URL] [--port 8080]

The library and every option: launcher/scale.py; deploy/README.md explains the topology.
"""

import sys

from launcher.scale import main

if __name__ == "__main__":
    sys.exit(main())
