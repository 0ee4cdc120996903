"""gunicorn's settings for Stand Still: read by `gunicorn config.wsgi` run from this
folder (gunicorn looks for ./gunicorn.conf.py) and by `manage.py serve`.

gunicorn turns `X-Forwarded-Proto: https` (and its cousins) into an https request
when it comes from an address in `forwarded_allow_ips`; by default that is loopback,
so anything on the machine could claim https. It follows the one setting Django
uses for the same question, DJANGO_SECURE_PROXY_SSL_HEADER: off, gunicorn trusts no
address; on (a TLS proxy always sets the header), it trusts FORWARDED_ALLOW_IPS if
given, else any address, as Django then does.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "site"))

from config.env import env_bool  # noqa: E402

if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", False):
    forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS") or "*"
else:
    forwarded_allow_ips = ""

# The access log names paths without their query or referrer: a query may carry a
# choice made on the reach-out path without JavaScript, which is for no log.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(b)s "%(a)s"'

# Threaded workers (gthread), not gunicorn's default sync ones. A sync worker reads
# one request at a time, headers included, so two clients dribbling a header byte
# every two seconds freeze a two-worker server; gunicorn's docs say sync workers
# belong behind a buffering proxy. A gthread worker waits for a new connection's
# first bytes in its poller (up to 5 s on a thread, then back to the poller), keeps
# connections alive between requests, and only a client that has started sending
# holds one of its threads: a slow client costs one thread of `workers * threads`,
# not a worker. Many slow clients at once still need a buffering proxy in front
# (README, "Production"). Keep-alive also spares each request a new connection and
# the sync worker's lingering close (bench/RESULTS.md).
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS") or 8)


def post_worker_init(worker):
    """`manage.py serve` says it is running once the first worker is ready to answer."""
    url = os.environ.get("STANDSTILL_SERVE_URL")
    if url and worker.age == 1:
        print(f"Stand Still is running at {url}\nPress Ctrl+C to stop.", flush=True)
