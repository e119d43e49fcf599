import gc

from portal.app import create_app

app = create_app()
# What start-up built (routes, templates, models, flask-admin's views) lives as long as the worker:
# frozen, the collector stops walking it again and again (a 50-65 ms pause every couple of
# thousand requests before, in-process on the benchmark's dashboard: bench/RESULTS.md).
gc.freeze()
