"""The exceptions of zoneproof: every one is a `zoneproof.Error`."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._model import ResourceResult

__all__ = ["AnalysisError", "AuthorizeError", "Error", "InputError", "InputWarning", "PolicyError"]


class Error(Exception):
    """Base class of zoneproof's errors."""


class PolicyError(Error):
    """The policy does not follow the IAM grammar, or is unusable for the
    resource type (e.g. a statement without Principal in a bucket policy).

    `path` is the JSON path of the offending element (`Statement[1].Effect`,
    `$` for the document itself); `message` says what is wrong.
    """

    path: str
    message: str

    def __init__(self, message: str, path: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message

    def __reduce__(self) -> tuple[type[PolicyError], tuple[str, str]]:
        return (PolicyError, (self.message, self.path))


class AnalysisError(Error):
    """The analysis could not reach a verdict: the solver answered unknown
    (`status == "unknown"`; `result.findings` holds the findings proved so
    far, others may be missing), or it failed (`status == "error"`, e.g. a
    witness the concrete evaluator rejects: `model invalid`).

    `result` is the resource result, exactly as the CLI reports it.
    """

    result: ResourceResult

    def __init__(self, result: ResourceResult) -> None:
        super().__init__(result.error or f"analysis ended with status `{result.status}`")
        self.result = result

    @property
    def status(self) -> str:
        """`unknown` or `error`."""
        return self.result.status

    def __reduce__(self) -> tuple[type[AnalysisError], tuple[ResourceResult]]:
        return (AnalysisError, (self.result,))


class InputError(Error):
    """Some input cannot be used at all: a file that cannot be read, parsed
    or recognised, or an organization export that does not hold together.
    `errors` holds one line per problem (`FILE: JSON-POINTER: message`)."""

    errors: tuple[str, ...]

    def __init__(self, errors: tuple[str, ...]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors

    def __reduce__(self) -> tuple[type[InputError], tuple[tuple[str, ...]]]:
        return (InputError, (self.errors,))


class InputWarning(UserWarning):
    """One entry or policy of the inputs could not be read; decisions that
    need it fail with `AuthorizeError`, others are unaffected."""


class AuthorizeError(Error):
    """The request cannot be decided from the inputs: its principal is not
    in them, or a policy that applies is missing or malformed. zoneproof
    fails closed rather than ignore a policy."""
