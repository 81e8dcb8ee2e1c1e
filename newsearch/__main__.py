"""The `newsearch` command (`python -m newsearch` too)."""

import gc


def run() -> None:
    """Run the command line, with Python's cyclic garbage collector held off while the command's
    modules load (cli.main lets it go before the command's work): the imports create ~100,000
    long-lived objects, and the collector's passes over them cost a query process ~10 ms."""
    gc.disable()
    from .cli import main

    main(collector_held=True)


if __name__ == "__main__":
    run()
