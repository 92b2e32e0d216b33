"""Writer schemas by id from a Confluent-compatible schema registry."""

import base64
import json
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


def writer_schema(registry: RegistryAccess, schema_id: int) -> Optional[str]:
    """The schema's JSON text, or None when the registry does not know the id (an unknown id is counted, not fatal)."""
    request = urllib.request.Request(f"{registry.url.rstrip('/')}/schemas/ids/{schema_id}")
    if registry.user is not None:
        token = base64.b64encode(f"{registry.user}:{registry.password or ''}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return str(json.load(response)["schema"])
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return None
        raise RegistryUnreachable(f"{registry.url} answered HTTP {error.code} for schema id {schema_id}") from error
    except (urllib.error.URLError, OSError) as error:
        raise RegistryUnreachable(f"{registry.url} does not answer ({error})") from error
