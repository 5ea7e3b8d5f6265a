#!/usr/bin/env python3
"""A webhook receiver for Alertmanager (and for anything that posts Alertmanager's webhook v4).

It listens on loopback, records every notification with the instant it arrived, and prints one
line per notification. The same class is what the Alertmanager integration test uses to capture
a real Alertmanager's decisions and compare them with watchstander's.

    python3 examples/python/alertmanager_receiver.py --port 9099

Point an Alertmanager receiver at it:

    receivers:
      - name: team
        webhook_configs: [{url: "http://127.0.0.1:9099/team"}]

Until the Python bindings expose the alert operations, turn what it recorded into a
watchstander decision with the CLI (`watchstander alerts replay`), as tests/alertmanager does.
"""

import argparse
import json
import threading
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Receiver:
    """Collects webhook notifications: dicts with "received_at" (aware datetime) and "body"."""

    def __init__(self, host="127.0.0.1", port=0, echo=False):
        self.notifications = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's naming)
                length = int(self.headers.get("Content-Length", "0"))
                raw = self.rfile.read(min(length, 16 * 1024 * 1024))
                now = datetime.now(timezone.utc)
                try:
                    body = json.loads(raw)
                except ValueError:
                    self.send_response(400)
                    self.end_headers()
                    return
                with receiver.lock:
                    receiver.notifications.append({"received_at": now, "path": self.path, "body": body})
                if echo:
                    alerts = ", ".join(
                        f"{a['labels'].get('alertname', '?')}/{a['status']}" for a in body.get("alerts", [])
                    )
                    print(f"{now.isoformat()} {body.get('receiver')} {body.get('groupKey')}: {alerts}", flush=True)
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer((host, port), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def snapshot(self):
        with self.lock:
            return list(self.notifications)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--port", type=int, default=9099)
    args = p.parse_args()
    r = Receiver(port=args.port, echo=True)
    print(f"listening on http://127.0.0.1:{r.port}/ (Ctrl-C to stop)", flush=True)
    try:
        r.server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
