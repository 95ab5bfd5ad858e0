"""Handing finished emails over: to an SMTP server, or without SMTP_HOST to .eml files."""

import logging
import smtplib
import ssl
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from app.notifications.settings import mail_dir, setting

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OutgoingEmail:
    """A finished email: the envelope and the bytes, flattened once before any connection opens."""

    message_id: str
    kind: str
    sender: str
    recipient: str
    data: bytes


class DeliveryError(Exception):
    """Sending failed; `permanent` when retrying cannot help (a 5xx answer)."""

    def __init__(self, detail: str, permanent: bool = False) -> None:
        super().__init__(detail)
        self.permanent = permanent


class SmtpTransport:
    """One SMTP connection, opened on the first message and reused for the batch."""

    def __init__(self, config: dict) -> None:
        self.config = config
        self.connection: smtplib.SMTP | None = None

    def send(self, email: OutgoingEmail) -> None:
        try:
            if self.connection is None:
                self.connection = self._connect()
            self.connection.sendmail(email.sender, [email.recipient], email.data)
        except smtplib.SMTPRecipientsRefused as error:
            code, reply = next(iter(error.recipients.values()))
            raise DeliveryError(f"{code} {_text(reply)}", permanent=code >= 500) from error
        except smtplib.SMTPResponseException as error:
            self._drop_connection_if(error.smtp_code in (421, -1))
            raise DeliveryError(f"{error.smtp_code} {_text(error.smtp_error)}",
                                permanent=error.smtp_code >= 500) from error
        except (smtplib.SMTPException, OSError) as error:
            self._drop_connection_if(True)
            raise DeliveryError(f"{type(error).__name__}: {error}") from error

    def _connect(self) -> smtplib.SMTP:
        host, port = self.config["SMTP_HOST"], self.config["SMTP_PORT"]
        timeout, security = setting("SMTP_TIMEOUT_SECONDS"), self.config.get("SMTP_SECURITY") or "none"
        if security == "tls":
            connection = smtplib.SMTP_SSL(host, port, timeout=timeout, context=ssl.create_default_context())
        else:
            connection = smtplib.SMTP(host, port, timeout=timeout)
            if security == "starttls":
                connection.starttls(context=ssl.create_default_context())
        if self.config.get("SMTP_USERNAME"):
            connection.login(self.config["SMTP_USERNAME"], self.config.get("SMTP_PASSWORD") or "")
        return connection

    def _drop_connection_if(self, broken: bool) -> None:
        if broken and self.connection is not None:
            self.close()

    def close(self) -> None:
        if self.connection is None:
            return
        try:
            self.connection.quit()
        except (smtplib.SMTPException, OSError):
            self.connection.close()
        self.connection = None


class FileTransport:
    """Writes each email to MAIL_DIR named after its Message-ID (a retry overwrites the same file)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def send(self, email: OutgoingEmail) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        local_part = email.message_id.strip("<>").split("@")[0]
        path = self.directory / f"{local_part}-{email.kind}.eml"
        path.write_bytes(email.data)
        log.info("%s mail to %s written to %s", email.kind, email.recipient, path)

    def close(self) -> None:
        """Nothing to release."""


def open_transport() -> SmtpTransport | FileTransport:
    config = current_app.config
    return SmtpTransport(config) if config.get("SMTP_HOST") else FileTransport(mail_dir())


def _text(reply: bytes | str) -> str:
    return reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
