"""Domain errors carry a German message meant for the user."""


class WerkstattError(Exception):
    """A refusal the user should read; `str(err)` is German and user-facing."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(WerkstattError):
    pass


class PermissionDenied(WerkstattError):
    pass
