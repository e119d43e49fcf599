"""gunicorn's settings for the portal: gunicorn reads this file from the directory it starts in.

The portal's own start-up (portal/config.py) sees WEB_CONCURRENCY but not `-w/--workers`: the
master checks production's settings with the worker count gunicorn settled on, before any
worker starts, and stops with the reason instead of a worker's traceback.
"""

import os

from portal.config import check_production


def on_starting(server):
    check_production(os.environ, server.cfg.workers)

# An access log line (when --access-logfile is given) names the request id the portal returned
# (portal/request_ids.py: nginx's, or made by the host), so it can be found in nginx's log and
# the other hosts'; the client is the one nginx says it served, and %(M)s the milliseconds taken.
access_log_format = (
    '%({x-forwarded-for}i)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms request_id=%({x-request-id}o)s'
)
