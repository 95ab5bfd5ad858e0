"""The notifications' tunables: app.config wins, else these defaults."""

from pathlib import Path
from typing import Any

from flask import current_app

DEFAULTS: dict[str, Any] = {
    "SCHEDULER_INTERVAL_SECONDS": 5,      # how often a scheduler looks for due messages
    "SCHEDULER_HOUSEKEEPING_SECONDS": 60,  # how often it expires requests and queues digests
    "SCHEDULER_STALE_SECONDS": 60,        # /healthz calls a scheduler stale after this silence
    "NOTIFY_BATCH_SIZE": 50,              # messages claimed by one statement
    "NOTIFY_SMTP_CONNECTIONS": 4,         # connections one scheduler sends a batch over
    "NOTIFY_LEASE_SECONDS": 300,          # a claim older than this is taken over by another scheduler
    "NOTIFY_MAX_ATTEMPTS": 6,
    "NOTIFY_RETRY_BASE_SECONDS": 60,      # 1, 2, 4, 8... minutes between attempts
    "NOTIFY_RETRY_MAX_SECONDS": 6 * 3600,
    "NOTIFY_DIGEST_HOUR": 8,              # managers get the digest from this hour of their local day
    "SMTP_TIMEOUT_SECONDS": 30,
    "DECISION_LINK_HOURS": 72,
}


def setting(name: str) -> Any:
    return current_app.config.get(name, DEFAULTS[name])


def mail_dir() -> Path:
    return Path(current_app.config.get("MAIL_DIR") or Path(current_app.instance_path) / "mail")
