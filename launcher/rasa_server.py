"""Rasa's own command line (`rasa run`, `rasa shell`, `rasa train`) with this project's process set-up first.

    python -m launcher.rasa_server run --model models/twitch-assistant.tar.gz ...

Before Rasa starts: personal data is masked in every log record (twitchcare.privacy), and
`rasa_patches.install("rasa")` installs the fenced patches, refusing to start on a Rasa or
Sanic version other than the pinned one. This is the only way the project starts a Rasa server.
"""

from __future__ import annotations

import sys
from typing import List, Optional


def main(argv: Optional[List[str]] = None) -> int:
    import rasa_patches
    from twitchcare.privacy import install_log_masking

    install_log_masking()
    args = sys.argv[1:] if argv is None else argv
    # `rasa train` packs a model and serves nothing: only the training patch (rasa_patches/model_package.py).
    if not rasa_patches.install_at_start("train" if args[:1] == ["train"] else "rasa"):
        return 2
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *args]
    rasa_main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
