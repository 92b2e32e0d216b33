"""The Airflow connections the DAGs use; `medallion airflow up` sets them from the MEDALLION_* settings."""

# The warehouse as its writer (MEDALLION_WAREHOUSE_URL): SQL checks and alerts.
WAREHOUSE_CONN_ID = "medallion_warehouse"
# Kafka (MEDALLION_KAFKA_BOOTSTRAP_SERVERS): the dead-letter watcher.
KAFKA_CONN_ID = "medallion_kafka"
# Spark's master (MEDALLION_SPARK_MASTER, local[2] by default) for the nightly audit's spark-submit.
SPARK_CONN_ID = "medallion_spark"
