"""Airflow for the DAG tests: a throwaway home with SQLite metadata, no examples, the DAG folder importable."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

DAGS_DIR = Path(__file__).resolve().parent.parent / "dags"

# Set before airflow is first imported: its settings are read once, at import.
_home = tempfile.mkdtemp(prefix="medallion-airflow-test-")
os.environ["AIRFLOW_HOME"] = _home
os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
os.environ["AIRFLOW__CORE__DAGS_FOLDER"] = str(DAGS_DIR)
os.environ["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"] = f"sqlite:///{_home}/airflow.db"
os.environ["AIRFLOW__CORE__UNIT_TEST_MODE"] = "True"
sys.path.insert(0, str(DAGS_DIR))
