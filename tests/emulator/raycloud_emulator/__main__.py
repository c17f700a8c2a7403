"""`python3 -m raycloud_emulator`: start the emulator and print its endpoint.

stdout line 1: the endpoint URL (http://127.0.0.1:PORT), printed once it accepts calls.
stdout line 2 (only with --auth): {"access_key_id": ..., "secret_access_key": ...}.
SIGTERM / SIGINT (or stdin closing, with --exit-on-stdin-eof) stop it cleanly.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
import urllib.request


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="raycloud_emulator", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=0, help="TCP port (default: a free one)")
    parser.add_argument("--auth", action="store_true",
                        help="turn moto's SigV4/IAM checks on for a printed admin identity")
    parser.add_argument("--load-managed-policies", action="store_true",
                        help="load AWS-managed IAM policies (MOTO_IAM_LOAD_MANAGED_POLICIES)")
    parser.add_argument("--exit-on-stdin-eof", action="store_true",
                        help="stop when stdin closes (the parent process went away)")
    parser.add_argument("--no-prewarm", action="store_true",
                        help="do not build moto's EC2 backend ahead of the first call")
    parser.add_argument("--no-validation", action="store_true",
                        help="do not check requests against botocore's models")
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    parser.add_argument("--endpoint-file", metavar="PATH",
                        help="also write the endpoint URL to PATH once the emulator answers")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _parse(sys.argv[1:] if argv is None else argv)
    if args.load_managed_policies:
        os.environ["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "true"  # read when moto is imported

    from .server import serve

    running = serve(port=args.port, auth=args.auth, verbose=args.verbose,
                    prewarm=not args.no_prewarm, validate=not args.no_validation)
    # Ready means answering: one round trip through the whole stack before we say so
    # (bypassing any proxy from the environment: the emulator is on loopback).
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(running.endpoint + "/_emulator/health", timeout=10) as answer:
        answer.read()
    # Handlers first: a caller may signal the moment it reads the endpoint.
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    print(running.endpoint, flush=True)
    if args.endpoint_file:
        # Written whole then renamed, so a reader polling for the file never sees half a URL.
        partial = args.endpoint_file + ".partial"
        with open(partial, "w", encoding="utf-8") as out:
            out.write(running.endpoint + "\n")
        os.replace(partial, args.endpoint_file)
    if running.credentials is not None:
        print(json.dumps({"access_key_id": running.credentials.access_key_id,
                          "secret_access_key": running.credentials.secret_access_key}),
              flush=True)

    if args.exit_on_stdin_eof:
        def watch_stdin() -> None:
            # os.read, not sys.stdin: a buffered reader blocked here would trip
            # interpreter shutdown.
            while os.read(0, 4096):
                pass
            stop.set()

        threading.Thread(target=watch_stdin, name="stdin-watch", daemon=True).start()
    while not stop.wait(1.0):
        pass
    running.stop()
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    # The server is down; skip interpreter teardown, which spends over a second freeing
    # moto's module-level data for nothing.
    os._exit(code)
