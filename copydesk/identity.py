"""Who is at the keyboard: the operating system's account, never a name the caller supplies.

Environment variables (USER, LOGNAME, USERNAME) are whatever the caller sets, so they are never
read. On POSIX the login is the account of the process's real user id; on Windows it is the
logon account with its domain (GetUserNameExW, "DOMAIN\\login"). Tests, demos and screenshots
may act as someone else with `--user`, but only with COPYDESK_ALLOW_USER_OVERRIDE=1 set, and
then the window title and every record say that the identity was overridden.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

OVERRIDE_ENV = "COPYDESK_ALLOW_USER_OVERRIDE"


class IdentityError(Exception):
    """The login cannot be determined, or an override was asked for without being allowed."""


@dataclass(frozen=True)
class Identity:
    login: str
    os_login: str
    overridden: bool = False

    def record(self) -> dict:
        """What every audit entry made under an override carries."""
        return {"override": True, "os_login": self.os_login} if self.overridden else {}


def os_login() -> str:
    """The logged-in account as the operating system knows it."""
    if sys.platform == "win32":
        return _windows_login()
    import pwd

    try:
        return pwd.getpwuid(os.getuid()).pw_name
    except KeyError:
        raise IdentityError(
            f"the operating system has no account name for user id {os.getuid()}; "
            "ask IT to give this account a name (copydesk records who did what by it)"
        ) from None


def _windows_login() -> str:
    import ctypes

    name_sam_compatible = 2  # "DOMAIN\\login": the domain keeps two people with one login apart
    size = ctypes.c_ulong(0)
    secur32 = ctypes.windll.secur32
    secur32.GetUserNameExW(name_sam_compatible, None, ctypes.byref(size))
    buffer = ctypes.create_unicode_buffer(size.value or 256)
    if not secur32.GetUserNameExW(name_sam_compatible, buffer, ctypes.byref(size)):
        raise IdentityError("Windows did not report the logged-in account (GetUserNameExW failed)")
    return buffer.value


def override_allowed() -> bool:
    return os.environ.get(OVERRIDE_ENV) == "1"


def resolve(requested: str | None = None) -> Identity:
    """The acting identity: the OS login, or `requested` where an override is allowed."""
    actual = os_login()
    if not requested or requested.strip().casefold() == actual.casefold():
        return Identity(actual, actual)
    if not override_allowed():
        raise IdentityError(
            f"--user is refused: copydesk acts as the operating system login ({actual}), not as a name "
            f"given on the command line. Log in as {requested.strip()} to act as them; tests and demos "
            f"may set {OVERRIDE_ENV}=1, and every record then says the identity was overridden"
        )
    return Identity(requested.strip(), actual, overridden=True)
