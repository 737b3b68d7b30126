"""The FastAPI application of Kennisbank Botsende Regels (mounted under /v1)."""
