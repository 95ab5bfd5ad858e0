"""The scheduler's liveness as /healthz reports it."""


def scheduler_health() -> dict:
    return {"status": "not_configured"}
