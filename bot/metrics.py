"""Prometheus metrics on a registry of our own (tests build many bots in one process)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, generate_latest


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.updates = Counter(
            "delibot_updates", "Updates handled", ["type"], registry=self.registry
        )
        self.update_errors = Counter(
            "delibot_update_errors", "Updates whose handler raised", registry=self.registry
        )
        self.in_flight = Gauge("delibot_updates_in_flight", "Updates being handled", registry=self.registry)
        self.telegram_retries = Counter(
            "delibot_telegram_retries", "Bot API calls retried", ["kind"], registry=self.registry
        )
        self.outbox_sent = Counter("delibot_outbox_sent", "Outbox messages delivered", ["kind"],
                                   registry=self.registry)
        self.outbox_failed = Counter("delibot_outbox_failed", "Outbox sends that failed, by kind and cause",
                                     ["kind", "cause"], registry=self.registry)
        self.activity_flushes = Counter("delibot_activity_flushes", "Activity batches written",
                                        registry=self.registry)
        self.jobs = Counter("delibot_jobs", "Scheduled job runs", ["job"], registry=self.registry)

    def render(self) -> bytes:
        return generate_latest(self.registry)
