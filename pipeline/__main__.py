"""``python -m pipeline`` and the ``mtpipe`` console script.

This module imports nothing heavy, so that Ctrl-C while the CLI's modules
load ends with one line and exit code 130, never a KeyboardInterrupt traceback.
"""

import sys


def run() -> None:
    """Console-script entry point: the CLI, with Ctrl-C handled from the first moment."""
    try:
        from pipeline.cli import main

        main()
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted.\n")
        sys.exit(130)


if __name__ == "__main__":
    run()
