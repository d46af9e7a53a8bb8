"""The Prefect flows: thin wrappers that add retries, limits, review pauses and deployments to the pipeline."""

from flows.secrets_store import secret_value
from generator.video.stock.keys import add_lookup

add_lookup(secret_value)  # stock keys may be Prefect Secret blocks, for workers on other machines
