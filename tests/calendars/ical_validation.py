"""Checks that every calendar the tests produce must pass: libical (a parser we did not
write) accepts it without a single error, and the bytes follow RFC 5545 where parsers are
lenient. Usable from any test: `report = assert_valid_calendar(data)`."""

import json
import re
import subprocess
from pathlib import Path

SYSTEM_PYTHON = "/usr/bin/python3"
CHECKER = Path(__file__).with_name("libical_checker.py")
MAX_LINE_OCTETS = 75


def libical_reports(*documents: bytes) -> list[dict]:
    """What libical made of each document: {"errors": [...], "events": [{uid, sequence,
    status, start, end (UTC ISO 8601)}]}. One subprocess for all of them."""
    completed = subprocess.run(
        [SYSTEM_PYTHON, str(CHECKER)], input=json.dumps([d.decode("utf-8") for d in documents]),
        capture_output=True, text=True, timeout=60, check=False)
    assert completed.returncode == 0, (
        f"the libical checker failed (are gir1.2-ical-3.0 and python3-gi installed? "
        f"see scripts/system-deps.sh):\n{completed.stderr}")
    return json.loads(completed.stdout)


def unfolded_lines(data: bytes) -> list[str]:
    return data.decode("utf-8").replace("\r\n ", "").split("\r\n")[:-1]


def property_values(data: bytes, name: str, component: str = "VEVENT") -> list[str]:
    """Values (parameters dropped) of every `name` property that sits directly in a
    `component`, in document order."""
    pattern, stack, values = re.compile(rf"{re.escape(name)}[;:]"), [], []
    for line in unfolded_lines(data):
        if line.startswith("BEGIN:"):
            stack.append(line[6:])
        elif line.startswith("END:"):
            stack.pop()
        elif stack and stack[-1] == component and pattern.match(line):
            values.append(line.split(":", 1)[1])
    return values


def assert_wellformed_bytes(data: bytes) -> None:
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b""), "lines must end in CRLF"
    for line in data.split(b"\r\n"):
        assert len(line) <= MAX_LINE_OCTETS, f"line longer than 75 octets: {line!r}"
        line.decode("utf-8")  # folding must not split a multi-byte character
    lines = unfolded_lines(data)
    declared = {line.split(":", 1)[1] for line in lines if line.startswith("TZID:")}
    used = set(re.findall(r";TZID=([^;:]+)", "\n".join(lines)))
    assert used <= declared, f"TZID without VTIMEZONE: {used - declared}"
    uids = event_uids(data)
    assert len(uids) == len(set(uids)), "UIDs must be unique"


def event_uids(data: bytes) -> list[str]:
    return property_values(data, "UID")


def assert_events_end_after_start(report: dict) -> None:
    for event in report["events"]:
        assert event["end"] > event["start"], f"{event['uid']} ends before it starts"


def assert_valid_calendar(*documents: bytes) -> list[dict]:
    """Every document well-formed and accepted by libical with zero errors; the reports."""
    for data in documents:
        assert_wellformed_bytes(data)
    reports = libical_reports(*documents)
    for report in reports:
        assert report["errors"] == [], report["errors"]
        assert_events_end_after_start(report)
    return reports
