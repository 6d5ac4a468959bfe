"""``python -m pipeline`` and the ``mtpipe`` console script.

Ctrl-C while the CLI's modules load ends at once with one line and exit code
130: a KeyboardInterrupt raised inside an import can be swallowed by Python
("Exception ignored in ...") or end in a traceback. Once the CLI is loaded,
Ctrl-C raises KeyboardInterrupt as usual, which the CLI reports in one line.
"""

import os
import signal
import sys

INTERRUPTED = b"Interrupted.\n"


def _quit_while_loading(signum: int, frame: object) -> None:
    """Nothing has been written yet: leave at once, quietly."""
    os.write(2, INTERRUPTED)
    os._exit(130)


def run() -> None:
    """Console-script entry point: the CLI, with Ctrl-C handled from the first moment."""
    try:
        previous = signal.signal(signal.SIGINT, _quit_while_loading)
    except ValueError:  # not the main thread: leave signals alone
        previous = None
    try:
        from pipeline.cli import main

        if previous is not None:
            signal.signal(signal.SIGINT, previous)
        main()
    except KeyboardInterrupt as exc:
        sys.stderr.write(INTERRUPTED.decode())
        sys.exit(getattr(exc, "exit_code", 130))


if __name__ == "__main__":
    run()
