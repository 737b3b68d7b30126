"""`kennisbank serve`: one process (the embedded stores are opened read-write by one process only), with uvicorn's
fast HTTP parser and event loop (httptools, uvloop) and a bounded thread pool for the blocking routes."""

from __future__ import annotations

import argparse

#: Threads for the plain-`def` routes (anyio's default is 40). The work is CPU-bound Python under one GIL on a
#: small machine: more threads only interleave requests, so each takes longer; the rest wait in line.
DRADEN = 8


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="start de webserver (API op /v1, site op /)",
                       description="Start de webserver met de API onder /v1 en de site op /.")
    p.add_argument("--host", default="127.0.0.1", help="adres om op te luisteren (standaard 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="poort (standaard 8000)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    print(f"Kennisbank Botsende Regels draait op http://{args.host}:{args.port}/ (stoppen: Ctrl+C)")
    # the web layer by name: the package kennisbank never imports api
    config = uvicorn.Config("api.app:create_app", factory=True, host=args.host, port=args.port, log_level="warning",
                            http="auto", loop="auto")  # auto: httptools and uvloop when installed
    server = uvicorn.Server(config)
    serve = server.serve

    async def serve_met_draden(sockets=None):
        import anyio.to_thread

        anyio.to_thread.current_default_thread_limiter().total_tokens = DRADEN
        await serve(sockets=sockets)

    server.serve = serve_met_draden
    server.run()
    return 0
