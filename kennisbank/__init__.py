"""Kennisbank Botsende Regels: the core package."""

__version__ = "0.1.0"
