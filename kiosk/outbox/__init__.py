"""The durable offline outbox: SQLite jobs, encrypted blobs, and the worker that delivers them."""
