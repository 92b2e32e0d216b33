"""What the triggerer runs for each message on a dlq.* topic (imported by name, so it must be importable there: PYTHONPATH)."""

from __future__ import annotations

from typing import Any


def dead_letter_event(message: Any) -> dict[str, object] | None:
    """Every dead letter starts a run; the event names where and when it was written."""
    if message.value() is None:
        return None
    _, timestamp_ms = message.timestamp()
    return {"topic": message.topic(), "partition": message.partition(), "offset": message.offset(), "timestamp_ms": timestamp_ms}
