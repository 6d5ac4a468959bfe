"""Reaching a Dask scheduler: the address checked, TLS settings found, and a handshake with a deadline.

Dask bounds the TCP connection but not the handshake that follows: a port that
accepts and never answers, or an HTTP server, made its client wait for ever.
:func:`probe_scheduler` does connect, handshake and an ``identity`` question
within :data:`CONNECT_TIMEOUT` seconds before the client is made.
"""

from __future__ import annotations

from typing import Any

from pipeline.errors import ClusterError

#: Seconds to wait for the scheduler (connection and handshake) before giving up.
CONNECT_TIMEOUT = 5.0
#: Address schemes mtpipe can use: ``tls`` needs Dask's TLS settings (``distributed.comm.tls.*``).
SCHEMES = ("tcp", "tls")
#: Environment variable naming the scheduler when ``--cluster`` is not given.
CLUSTER_ENV = "MTPIPE_CLUSTER"


def check_address(address: str) -> None:
    """Refuse a scheduler address Dask cannot parse, before any connection is tried.

    Dask would only find out while connecting, after its timeout, and then
    print a traceback from the half-made client's clean-up at exit.
    """
    from distributed.comm.addressing import parse_address, parse_host_port
    from distributed.comm.registry import get_backend

    hint = "give it as tcp://HOST:PORT, e.g. tcp://10.0.0.5:8786 (--cluster or " + CLUSTER_ENV + ")"
    try:
        scheme, location = parse_address(address, strict=False)
        get_backend(scheme)
        if scheme in ("tcp", "tls", "ws", "wss"):
            parse_host_port(location)
    except ValueError as exc:
        raise ClusterError(f"{address!r} is not a Dask scheduler address ({exc})", hint=hint) from exc
    if scheme not in SCHEMES:
        raise ClusterError(f"{address!r}: mtpipe reaches a Dask scheduler over tcp:// or tls://, not {scheme}://", hint=hint)


def connection_args(address: str) -> dict[str, Any]:
    """Dask's client connection arguments for *address*: for ``tls://``, its TLS settings, which must exist."""
    from distributed.security import Security

    security = Security()
    if address.startswith("tls://") and security.get_connection_args("client").get("ssl_context") is None:
        raise ClusterError(
            f"{address}: tls:// needs the client's TLS settings in the Dask configuration, and there are none",
            hint="set distributed.comm.tls.ca-file, .client.cert and .client.key (see Dask's TLS docs), or use tcp://",
        )
    return {"security": security}


def probe_scheduler(address: str, *, timeout: float = CONNECT_TIMEOUT) -> None:
    """Connect, shake hands and ask *address* who it is, all within *timeout*; ClusterError otherwise.

    Dask's own connect bounds the TCP connection but not the handshake: a port
    that accepts and never answers, or an HTTP server, made the client wait for ever.
    """
    import asyncio

    from distributed.comm import connect

    security = connection_args(address)["security"]

    async def ask() -> object:
        comm = await connect(address, timeout=timeout, **security.get_connection_args("client"))
        try:
            await comm.write({"op": "identity"})
            return await comm.read()
        finally:
            comm.abort()

    hint = "start one with `dask scheduler` and workers with `dask worker ADDRESS`, or check --cluster / " + CLUSTER_ENV
    try:
        reply = asyncio.run(asyncio.wait_for(ask(), timeout))
    except (TimeoutError, asyncio.TimeoutError) as exc:
        raise ClusterError(
            f"cannot reach the Dask scheduler at {address} within {timeout:.0f} s (no answer)", hint=hint
        ) from exc
    except (OSError, ValueError, TypeError, EOFError) as exc:
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise ClusterError(f"cannot reach the Dask scheduler at {address} within {timeout:.0f} s ({reason})", hint=hint) from exc
    except Exception as exc:  # noqa: BLE001 - whatever Dask's comm raises on garbage from a non-Dask server
        raise ClusterError(
            f"{address} answered, but not as a Dask scheduler (another service, such as a web server?)", hint=hint
        ) from exc
    if not isinstance(reply, dict) or reply.get("type") != "Scheduler":
        kind = reply.get("type") if isinstance(reply, dict) else None
        raise ClusterError(
            f"{address} is not a Dask scheduler" + (f" (it is a {kind})" if kind else ""),
            hint="give the scheduler's address (port 8786 by default), not a worker's or a dashboard's",
        )
