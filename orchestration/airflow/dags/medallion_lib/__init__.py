"""What the medallion DAGs share: the CLI runner, the warehouse's gold checks, alerts, defaults."""
