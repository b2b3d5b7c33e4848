"""Watching a kiosk from outside: Prometheus metrics, the health summary, structured logs.

Nothing here imports Qt; the app and the delivery worker both record into the data dir so
that the worker's one metrics endpoint tells the truth about both processes.
"""
