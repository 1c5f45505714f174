"""The forms in which a person's Telegram id is kept (pseudonyms keyed by the deployment's
secret), and the receipt codes a respondent keeps instead of a name."""

from __future__ import annotations

import hashlib
import hmac
import secrets

RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


class Pseudonyms:
    """The only forms in which a respondent's Telegram id is stored, all keyed by the secret.

    ``key``: HMAC(secret, campaign, user id), a ballot's pseudonym in one campaign.
    ``person``: HMAC(secret, user id), who to remind or not, across campaigns.
    ``seal``: the id itself, encrypted so that only the bot (holding the secret) can message
    that person; a random nonce makes two seals of one id look unrelated.
    """

    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def _mac(self, message: str) -> bytes:
        return hmac.new(self._secret, message.encode(), hashlib.sha256).digest()

    def key(self, campaign_id: int, user_id: int) -> str:
        return self._mac(f"{campaign_id}:{user_id}").hex()

    def person(self, user_id: int) -> str:
        return self._mac(f"person:{user_id}").hex()

    def admission(self, campaign_id: int, user_id: int) -> int:
        """48 bits only the bot can compute, drawn on the 开始评议 buttons it gives this person
        for this campaign: after its link (or a group's link and the branch picked), in an
        invitation or a reminder. Button data alone, ids being sequential, begins nothing."""
        return int.from_bytes(self._mac(f"admit:{campaign_id}:{user_id}")[:6], "big")

    def peer_key(self, campaign_id: int, user_id: int, member_id: int) -> str:
        """A 党员互评 draft's pseudonym: like ``key``, in a domain of its own, and for one
        binding (account and member): a draft begun as one member is never found as another."""
        return self._mac(f"peer:{campaign_id}:{user_id}:{member_id}").hex()

    def peer_rater(self, campaign_id: int, member_id: int) -> str:
        """The 互评 roll's entry for a member who submitted (one peer ballot per member, whatever
        account they bound)."""
        return self._mac(f"peer-roll:{campaign_id}:{member_id}").hex()

    def member_account(self, user_id: int) -> str:
        """The account a member bound (认领): a key of its own, shared with no ballot, roll,
        subscription or outbox row."""
        return self._mac(f"member:{user_id}").hex()

    def seal(self, user_id: int) -> str:
        nonce = secrets.token_bytes(8)
        pad = self._mac(f"seal:{nonce.hex()}")[:8]
        value = user_id.to_bytes(8, "big", signed=True)
        return nonce.hex() + bytes(a ^ b for a, b in zip(value, pad, strict=True)).hex()

    def unseal(self, sealed: str) -> int:
        nonce, body = sealed[:16], bytes.fromhex(sealed[16:])
        pad = self._mac(f"seal:{nonce}")[:8]
        return int.from_bytes(
            bytes(a ^ b for a, b in zip(body, pad, strict=True)), "big", signed=True
        )


def receipt_code() -> str:
    code = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(8))
    return f"{code[:4]}-{code[4:]}"
