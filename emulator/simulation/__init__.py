"""``delibot simulate``: the real bot, a scripted deliberation group, days passing in seconds.

The same runtime as ``delibot run`` (dispatcher, routers, storage, jobs) runs against the built-in
emulator through ``emulator.harness.Harness`` on a manual clock; the script moves the clock through
the days, running the scheduled jobs every quarter of an hour of simulated time, so grace
periods, pruning, deadline cards and digests happen as they would in a real week.
"""
