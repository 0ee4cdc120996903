"""Passkey-only accounts: a Django user with no email and an unusable password,
its passkeys, and the one-time codes that keep a person from being locked out.

Codes are kept only as keyed hashes (`codes.digest`); the words a person sees are
never stored."""

from django.conf import settings
from django.db import models

MAX_PASSKEY_NAME = 60


class Passkey(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="passkeys"
    )
    # base64url, as the browser names it (a credential id is at most 1,023 bytes).
    credential_id = models.CharField(max_length=1400, unique=True)
    public_key = models.BinaryField()
    sign_count = models.PositiveBigIntegerField(default=0)
    backup_eligible = models.BooleanField(default=False)
    backed_up = models.BooleanField(default=False)
    transports = models.JSONField(default=list, blank=True)
    name = models.CharField(max_length=MAX_PASSKEY_NAME)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.name


class RecoveryCode(models.Model):
    """One of the ten codes shown at sign-up; each signs in once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes"
    )
    digest = models.CharField(max_length=64, unique=True)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Recovery code {self.pk}"


class LinkCode(models.Model):
    """A short code a signed-in device shows, to sign in another one: once, for minutes."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="link_codes"
    )
    digest = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Link code {self.pk}"


class Vault(models.Model):
    """A signed-in reader's plan and evenings, as only their browsers can read them.

    `ciphertext` is AES-GCM under a key the browser made (static/accounts/sync.js);
    that key reaches another browser only wrapped (a `VaultKey` per passkey), under a
    key derived from the passkey's PRF output there. The server never holds a key.
    `version` goes up by one with every write, so two devices never overwrite each
    other unseen."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="vault"
    )
    ciphertext = models.TextField()  # base64url: a 12-byte IV, then AES-GCM's output
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Vault {self.pk} (version {self.version})"


class VaultKey(models.Model):
    """The vault's key, wrapped by one passkey: removing the passkey removes it."""

    vault = models.ForeignKey(Vault, on_delete=models.CASCADE, related_name="keys")
    passkey = models.OneToOneField(Passkey, on_delete=models.CASCADE, related_name="vault_key")
    wrapped = models.CharField(max_length=200)  # base64url: an IV, then the wrapped key

    def __str__(self):
        return f"Vault key {self.pk}"
