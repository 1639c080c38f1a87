"""The portal on several app servers and shared services, started on one machine (run.py)."""
