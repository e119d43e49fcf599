"""gunicorn's settings for the portal: gunicorn reads this file from the directory it starts in.

The portal's own start-up (portal/config.py) sees WEB_CONCURRENCY but not `-w/--workers`: the
master checks production's settings with the worker count gunicorn settled on, before any
worker starts, and stops with the reason instead of a worker's traceback.
"""

import os

from portal.config import check_production


def on_starting(server):
    check_production(os.environ, server.cfg.workers)
