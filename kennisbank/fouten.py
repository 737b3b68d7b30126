"""User-facing errors. Every message is one clear Dutch sentence."""


class KennisbankFout(Exception):
    """An error whose message is meant for the user, in Dutch.

    `details` holds extra lines (e.g. a validation report) shown under the message.
    """

    def __init__(self, bericht: str, details: list[str] | None = None):
        super().__init__(bericht)
        self.bericht = bericht
        self.details = details or []

    def __str__(self) -> str:
        return self.bericht
