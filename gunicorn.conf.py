"""gunicorn's settings for Helpdeskhel. gunicorn reads this file from the directory it starts
in, so `make run`, the benchmark, the tests' servers and the systemd unit of docs/deploy.md
all get it; options on the command line still win.

What it does: lets the workers' metrics add up (complaints/metrics.py). Every worker writes
its counts to files in PROMETHEUS_MULTIPROC_DIR and /metrics adds them up. prometheus-client
reads the variable when it is first imported, so it is set here, in the master, before any
worker imports the app: a fresh directory for each start (counts of an earlier run must not be
added in), removed when gunicorn stops. An operator may set the variable to a directory of
their own instead (systemd's RuntimeDirectory, emptied at each start); it is then used as it
is and kept.
"""

import os
import shutil
import tempfile

VARIABLE = "PROMETHEUS_MULTIPROC_DIR"
# Remembers which directory this file made, across a reload of the settings (HUP), which runs
# this file again in the same master.
MADE_HERE = "HELPDESKHEL_METRICS_DIR_MADE_BY_GUNICORN"

if not os.environ.get(VARIABLE):
    os.environ[VARIABLE] = os.environ[MADE_HERE] = tempfile.mkdtemp(
        prefix="helpdeskhel-metrics-")


def child_exit(server, worker):
    """A worker ended (recycled, killed, crashed): its gauges (pool connections) stop counting
    in the sums; its counters stay, so totals never go back."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    folder = os.environ.get(VARIABLE)
    if folder and folder == os.environ.get(MADE_HERE):
        shutil.rmtree(folder, ignore_errors=True)
