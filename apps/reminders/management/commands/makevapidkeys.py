"""``manage.py makevapidkeys``: a new VAPID key pair for Web Push, as environment lines.

Make it once per site and keep it: browsers' subscriptions are tied to the public key,
so a new pair means every reader turns reminders on again.
"""

from cryptography.hazmat.primitives import serialization
from django.core.management.base import BaseCommand
from py_vapid import Vapid
from py_vapid.utils import b64urlencode


class Command(BaseCommand):
    help = "Print a new VAPID key pair for Web Push reminders as environment lines."

    def add_arguments(self, parser):
        parser.add_argument(
            "--subject", default="mailto:you@example.com", help="a mailto: or https: contact"
        )

    def handle(self, *args, **options):
        vapid = Vapid()
        vapid.generate_keys()
        private = vapid.private_key.private_numbers().private_value.to_bytes(32, "big")
        public = vapid.public_key.public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        self.stdout.write(f"VAPID_PUBLIC_KEY={b64urlencode(public)}")
        self.stdout.write(f"VAPID_PRIVATE_KEY={b64urlencode(private)}")
        self.stdout.write(f"VAPID_SUBJECT={options['subject']}")
