"""`kennisbank serve`."""

from __future__ import annotations

import argparse


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
    uvicorn.run("api.app:create_app", factory=True, host=args.host, port=args.port, log_level="warning")
    return 0
