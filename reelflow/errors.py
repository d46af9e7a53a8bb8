"""The two kinds of failure a user sees: their input is wrong (exit 2), or we are (exit 1)."""


class ReelflowError(Exception):
    """An internal failure with a message a user can act on."""


class BadInput(ReelflowError):  # noqa: N818 - reads better at raise sites than BadInputError
    """The user's input cannot be used. The message is one line and names the file."""

    def __init__(self, path: object, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")
