"""``kiosk sandbox``: serve both APIs locally."""

from __future__ import annotations

import argparse
import ipaddress
import socket

from kiosk.cli.output import fail


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``sandbox`` command."""
    p = sub.add_parser(
        "sandbox",
        help="serve the AmpliFi and SessionM APIs on loopback",
        description="A local server of both APIs, as their pages describe them.",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default loopback)")
    p.add_argument("--port", type=int, default=8700, help="port to listen on (default 8700)")
    p.add_argument(
        "--fd",
        type=int,
        default=None,
        metavar="N",
        help="serve on this inherited listening socket instead of --host/--port (kiosk demo)",
    )
    p.add_argument(
        "--faults",
        default="",
        metavar="SPEC",
        help="e.g. 5xx=0.3,429=0.05,drop_before=0.1,drop_after=0.1,latency=0.2,"
        "latency_ms=300,retry_after=1",
    )
    p.add_argument("--seed", type=int, default=None, help="seed of the fault generator")
    p.add_argument("--token", help="accept only this AmpliFi token (and ones from /token)")
    p.add_argument("--api-key", help="accept only this SessionM api key")
    p.add_argument("--auth-token", help="accept only this SessionM auth_token")
    p.add_argument(
        "--validation-delay",
        type=float,
        default=2.0,
        metavar="S",
        help="seconds a pending record waits before it is judged (default 2)",
    )
    p.add_argument("--campaigns", default="", help="comma-separated permalinks (default: any)")
    p.add_argument(
        "--daily-limit",
        type=int,
        default=0,
        help="records per customer per day before 'validation' refusals (0: none)",
    )
    p.add_argument(
        "--campaign-cap",
        type=int,
        default=0,
        metavar="N",
        help="records per customer per campaign before 'campaign_unavailable' (0: none)",
    )
    p.add_argument(
        "--list-external-id",
        action="store_true",
        help="include external_id in list and add-image replies (the pages' examples omit it)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Start the sandbox and serve until interrupted."""
    # Here, not at the top: every kiosk command registers this one, and the server stack
    # (uvicorn, starlette) cost the app's start-up 33 ms (measured).
    from kiosk.sandbox.faults import FaultSpec
    from kiosk.sandbox.server import SandboxOptions, serve_forever

    try:
        FaultSpec.parse(args.faults)
    except ValueError as exc:
        return fail(f"--faults: {exc}")
    if not 0 <= args.port <= 65535:
        return fail("--port must be within 0..65535")
    if args.campaign_cap < 0 or args.daily_limit < 0:
        return fail("--campaign-cap and --daily-limit must not be negative")
    try:
        loopback = ipaddress.ip_address(args.host).is_loopback
    except ValueError:
        loopback = args.host == "localhost"
    if not loopback:
        print(f"kiosk: warning: the sandbox is reachable from the network on {args.host}")
    sock = None
    if args.fd is not None:
        try:
            sock = socket.socket(fileno=args.fd)
            args.host, args.port = sock.getsockname()[:2]
        except OSError as exc:
            return fail(f"--fd {args.fd}: not a listening socket ({exc.strerror or exc})")
    options = SandboxOptions(
        host=args.host,
        port=args.port,
        faults=args.faults,
        seed=args.seed,
        token=args.token,
        api_key=args.api_key,
        auth_token=args.auth_token,
        validation_delay=args.validation_delay,
        campaigns=tuple(c for c in args.campaigns.split(",") if c),
        daily_limit=args.daily_limit,
        campaign_cap=args.campaign_cap,
        list_external_id=args.list_external_id,
        # Beside the demo app (an inherited socket) only warnings join the app's log.
        log_level="info" if sock is None else "warning",
    )
    if sock is None:
        print(
            f"sandbox serving AmpliFi and SessionM on http://{args.host}:{args.port} "
            f"(state: /_sandbox/state); Ctrl+C stops",
            flush=True,
        )
    serve_forever(options, sock)
    return 0
