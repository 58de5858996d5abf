"""A bare Sanic app on 127.0.0.1 for comparing Sanic's own HTTP framing with rasa_patches'.

    python -m tests.support.echo_server PORT original|guarded

Each request is answered with its method, path, body length and a digest of the body, so two
servers can be compared byte for byte on the same input.
"""

from __future__ import annotations

import hashlib
import sys

from sanic import Sanic, response

MAX_BODY = 65536


def main(port: int, mode: str) -> None:
    if mode == "guarded":
        import rasa_patches
        from rasa_patches import sanic_http

        rasa_patches.check_version("sanic")
        sanic_http.configure(receive_deadline_s=3.0)  # shorter than the product's, for fast tests
        sanic_http.PATCH.apply()
    app = Sanic(f"echo_{mode}")
    app.config.REQUEST_MAX_SIZE = MAX_BODY
    app.config.REQUEST_TIMEOUT = 3.0

    @app.route("/<path:path>", methods=["GET", "POST", "PUT", "DELETE"])
    async def echo(request, path: str):  # type: ignore[no-untyped-def]
        body = request.body or b""
        return response.json(
            {
                "method": request.method,
                "path": path,
                "length": len(body),
                "sha256": hashlib.sha256(body).hexdigest(),
                "content_type": request.headers.get("content-type", ""),
            }
        )

    app.run(host="127.0.0.1", port=port, access_log=False, motd=False)


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
