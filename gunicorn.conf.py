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
