"""What the business does: plain functions, one transaction each; the only code writing models."""
