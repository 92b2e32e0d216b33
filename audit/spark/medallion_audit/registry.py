"""Writer schemas by id from a Confluent-compatible schema registry."""

import base64
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class RegistryAccess:
    url: str
    user: Optional[str] = None
    password: Optional[str] = None


class RegistryUnreachable(Exception):
    """The registry did not answer: the audit cannot decode bronze without it."""


# A registry on a busy machine or cluster may stall past one timeout; the audit runs for minutes, so
# it asks again (after 2, 4, 8 s) before it gives up.
ATTEMPTS = 4
TIMEOUT_S = 30


def writer_schema(registry: RegistryAccess, schema_id: int) -> Optional[str]:
    """The schema's JSON text, or None when the registry does not know the id (an unknown id is counted, not fatal)."""
    request = urllib.request.Request(f"{registry.url.rstrip('/')}/schemas/ids/{schema_id}")
    if registry.user is not None:
        token = base64.b64encode(f"{registry.user}:{registry.password or ''}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
    failure: Exception | None = None
    for attempt in range(ATTEMPTS):
        if attempt > 0:
            time.sleep(2**attempt)
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
                return str(json.load(response)["schema"])
        except urllib.error.HTTPError as error:
            if error.code == 404:
                return None
            if error.code < 500:
                raise RegistryUnreachable(f"{registry.url} answered HTTP {error.code} for schema id {schema_id}") from error
            failure = error
        except (urllib.error.URLError, OSError) as error:
            failure = error
    raise RegistryUnreachable(f"{registry.url} does not answer ({failure}; {ATTEMPTS} attempts, {TIMEOUT_S} s each)") from failure
