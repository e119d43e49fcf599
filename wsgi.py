import gc

from portal.app import create_app

app = create_app()
# What start-up built (routes, templates, models, flask-admin's views) lives as long as the worker:
# frozen (a documented gc setting), the collector stops walking it again and again in the pauses
# of its oldest generation.
gc.freeze()
